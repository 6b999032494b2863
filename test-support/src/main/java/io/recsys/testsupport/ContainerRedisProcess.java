package io.recsys.testsupport;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code redis:7} in a container (Testcontainers), used where a Docker engine is reachable. The host
 * port is fixed when the container is created, so stopping and starting the same container (which keeps
 * its append-only file) brings Redis back at the same address, as clients expect after a crash.
 */
final class ContainerRedisProcess implements RedisServerProcess {
  private static final int REDIS_PORT = 6379;

  private final GenericContainer<?> container;
  private final int hostPort;
  private boolean created;

  ContainerRedisProcess(AppendFsync appendFsync) {
    this.hostPort = FreePorts.next();
    List<String> command = new ArrayList<>(List.of("redis-server", "--save", ""));
    if (appendFsync != null) {
      command.addAll(List.of("--appendonly", "yes", "--appendfsync", appendFsync.setting()));
    }
    this.container = new GenericContainer<>(DockerImageName.parse("redis:7"))
        .withExposedPorts(REDIS_PORT)
        .withCommand(command.toArray(String[]::new))
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindPort(hostPort), new ExposedPort(REDIS_PORT))))
        .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
  }

  @Override
  public void start() throws IOException {
    if (!created) {
      container.start();
      created = true;
      return;
    }
    if (RespClient.ping(host(), hostPort)) return;
    DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
    awaitPing();
  }

  @Override
  public void stop() {
    if (created) DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
  }

  @Override
  public void kill() {
    if (created) DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public void destroy() {
    container.stop();
  }

  @Override
  public String host() {
    return container.getHost();
  }

  @Override
  public int port() {
    return hostPort;
  }

  @Override
  public String describe() {
    return "redis:7 container (Testcontainers) on port " + hostPort;
  }

  private void awaitPing() throws IOException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (RespClient.ping(host(), hostPort)) return;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Redis to restart", e);
      }
    }
    throw new IOException("Redis container did not answer PING within 30 s after restart");
  }
}
