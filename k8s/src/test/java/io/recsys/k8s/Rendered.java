package io.recsys.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One overlay as {@code kubectl kustomize} renders it, read into fabric8's typed model. */
final class Rendered {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** A pod template and the object that owns it (Deployment, StatefulSet, CronJob, Job). */
  record Workload(HasMetadata owner, PodTemplateSpec template) {
    String name() {
      return owner.getKind() + "/" + owner.getMetadata().getName();
    }

    List<Container> allContainers() {
      List<Container> all = new ArrayList<>(template.getSpec().getContainers());
      if (template.getSpec().getInitContainers() != null) all.addAll(template.getSpec().getInitContainers());
      return all;
    }

    Map<String, String> podLabels() {
      Map<String, String> l = template.getMetadata().getLabels();
      return l == null ? Map.of() : l;
    }
  }

  final String name;
  final List<HasMetadata> objects;

  private Rendered(String name, List<HasMetadata> objects) {
    this.name = name;
    this.objects = List.copyOf(objects);
  }

  static Rendered of(Path kustomization) {
    return parse(kustomization.getFileName().toString(), Kubectl.kustomize(kustomization));
  }

  @SuppressWarnings("unchecked")
  static Rendered parse(String name, String yaml) {
    Object parsed = SERIALIZATION.unmarshal(yaml);
    List<HasMetadata> objects = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      for (Object o : list) if (o != null) objects.add((HasMetadata) o);
    } else if (parsed instanceof KubernetesList list) {
      objects.addAll(list.getItems());
    } else if (parsed instanceof HasMetadata one) {
      objects.add(one);
    }
    return new Rendered(name, objects);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String objectName) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(objectName)).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String objectName) {
    return find(type, objectName).orElseThrow(() -> new AssertionError(name + ": no " + type.getSimpleName() + " " + objectName));
  }

  List<Workload> workloads() {
    List<Workload> w = new ArrayList<>();
    for (Deployment d : all(Deployment.class)) w.add(new Workload(d, d.getSpec().getTemplate()));
    for (StatefulSet s : all(StatefulSet.class)) w.add(new Workload(s, s.getSpec().getTemplate()));
    for (CronJob c : all(CronJob.class)) w.add(new Workload(c, c.getSpec().getJobTemplate().getSpec().getTemplate()));
    for (Job j : all(Job.class)) w.add(new Workload(j, j.getSpec().getTemplate()));
    return w;
  }

  Map<String, String> configMapData(String configMap) {
    Map<String, String> data = find(ConfigMap.class, configMap).map(ConfigMap::getData).orElse(null);
    return data == null ? Map.of() : data;
  }

  /** The keys a Secret holds ({@code data} and {@code stringData}). */
  static List<String> keys(Secret s) {
    List<String> k = new ArrayList<>();
    if (s.getData() != null) k.addAll(s.getData().keySet());
    if (s.getStringData() != null) k.addAll(s.getStringData().keySet());
    return k;
  }

  /**
   * The environment a container gets that the manifests spell out: its ConfigMaps' entries (envFrom, in
   * order) and then its literal {@code env} values. Secret values are not known here and left out.
   */
  Map<String, String> literalEnvironment(Container c) {
    Map<String, String> env = new LinkedHashMap<>();
    if (c.getEnvFrom() != null) {
      for (EnvFromSource f : c.getEnvFrom()) {
        if (f.getConfigMapRef() != null) {
          String prefix = f.getPrefix() == null ? "" : f.getPrefix();
          configMapData(f.getConfigMapRef().getName()).forEach((k, v) -> env.put(prefix + k, v));
        }
      }
    }
    if (c.getEnv() != null) {
      for (EnvVar e : c.getEnv()) {
        if (e.getValue() != null) env.put(e.getName(), e.getValue());
        else env.remove(e.getName());
      }
    }
    return env;
  }

  @Override
  public String toString() {
    return name;
  }
}
