package io.recsys.core.dataset;

import java.util.ArrayList;
import java.util.List;

/** Keeps every row a reader delivers, in order, for assertions. */
class CollectingSink implements DatasetSink {
  final List<Interaction> interactions = new ArrayList<>();
  final List<Item> items = new ArrayList<>();
  final List<User> users = new ArrayList<>();

  @Override
  public void interaction(Interaction interaction) {
    interactions.add(interaction);
  }

  @Override
  public void item(Item item) {
    items.add(item);
  }

  @Override
  public void user(User user) {
    users.add(user);
  }

  Item item(String id) {
    return items.stream().filter(i -> i.itemId().equals(id)).findFirst().orElseThrow();
  }
}
