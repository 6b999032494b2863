package io.recsys.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.recsys.k8s.Rendered.Workload;
import io.recsys.starter.ServiceDefaults;
import io.recsys.starter.serve.ServeOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Renders every overlay under {@code k8s/overlays} with {@code kubectl kustomize} and checks what a
 * cluster would get against the services' real configuration: the port {@code ServeOptions} listens on,
 * the management port and probe paths of the service starter, the settings the services' properties
 * records bind, the launcher's main classes. Skipped, saying so, where kubectl is not installed.
 */
class KubernetesManifestsTest {
  static final String LIVENESS = "/actuator/health/liveness";
  static final String READINESS = "/actuator/health/readiness";
  /** The base's Secrets with example values; prod-like overlays delete them and expect the real ones to exist. */
  static final String EXAMPLE_ANNOTATION = "recsys.io/example-values";

  static Map<String, Rendered> overlays;
  static Rendered base;

  @BeforeAll
  static void render() {
    if (!Kubectl.available()) return;
    overlays = new LinkedHashMap<>();
    for (Path o : Repo.overlays()) overlays.put(o.getFileName().toString(), Rendered.of(o));
    base = Rendered.of(Repo.k8s().resolve("base"));
  }

  /** Each test is reported skipped, with the reason, where kubectl is missing (CI machines without it). */
  @BeforeEach
  void needsKubectl() {
    assumeTrue(overlays != null, Kubectl.MISSING);
  }

  @Test
  void everyOverlayRendersEveryServiceAndTheExpectedOverlaysExist() {
    assertThat(overlays).containsKeys("dev", "prod", "canary");
    for (Rendered r : overlays.values()) {
      assertThat(r.all(Deployment.class)).as(r + ": Deployments").extracting(d -> d.getMetadata().getName())
          .containsAll(Repo.SERVICES);
      for (String s : Repo.SERVICES) assertThat(r.find(Service.class, s)).as(r + ": Service " + s).isPresent();
      assertThat(r.objects).as(r + ": every namespaced object in one namespace")
          .filteredOn(o -> !o.getKind().equals("Namespace"))
          .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + "/" + o.getMetadata().getName()).isEqualTo("recsys"));
    }
  }

  @Test
  void containerPortsAndProbesMatchTheServicesConfiguration() {
    // What the services really do: ServeOptions' port unless --port says otherwise, the actuator on
    // RECSYS_MANAGEMENT_PORT, liveness and readiness groups on, health exposed, no service yml moving them.
    Map<String, Object> defaults = ServiceDefaults.properties();
    assertThat(defaults).containsEntry("management.endpoint.health.probes.enabled", "true");
    assertThat(String.valueOf(defaults.get("management.endpoints.web.exposure.include"))).contains("health", "prometheus");
    for (String s : Repo.SERVICES) {
      String yml = Repo.read(s + "/src/main/resources/" + s + ".yml");
      assertThat(yml).as(s + ".yml must not move the ports or the actuator the manifests probe")
          .doesNotContain("port:").doesNotContain("base-path").doesNotContain("server.port");
    }
    for (Rendered r : overlays.values()) {
      for (Deployment d : r.all(Deployment.class)) {
        String service = d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name");
        if (!Repo.SERVICES.contains(service)) continue;
        String where = r + ": " + d.getMetadata().getName();
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        int apiPort = portArgument(c.getArgs());
        Map<String, String> env = r.literalEnvironment(c);
        assertThat(env).as(where + ": listens on every interface, actuator on its own port")
            .containsEntry(ServiceDefaults.ENV_BIND, "0.0.0.0").containsKey(ServiceDefaults.ENV_MANAGEMENT_PORT);
        int managementPort = Integer.parseInt(env.get(ServiceDefaults.ENV_MANAGEMENT_PORT));
        assertThat(managementPort).as(where).isNotEqualTo(apiPort);
        assertThat(containerPort(c, "http")).as(where + ": containerPort http = the port the service listens on").isEqualTo(apiPort);
        assertThat(containerPort(c, "management")).as(where + ": containerPort management = RECSYS_MANAGEMENT_PORT").isEqualTo(managementPort);
        assertProbe(where + " liveness", c, c.getLivenessProbe(), LIVENESS, managementPort);
        assertProbe(where + " readiness", c, c.getReadinessProbe(), READINESS, managementPort);
        assertProbe(where + " startup", c, c.getStartupProbe(), LIVENESS, managementPort);
        // The Service forwards to the same named ports.
        Service svc = servicesSelecting(r, d.getSpec().getTemplate().getMetadata().getLabels()).get(0);
        assertThat(svc.getSpec().getPorts()).as(where + ": Service ports")
            .anySatisfy(p -> assertThat(resolve(c, p.getTargetPort())).isEqualTo(apiPort));
      }
    }
  }

  @Test
  void everyServiceSelectsExactlyOneDeploymentOrStatefulSet() {
    for (Rendered r : overlays.values()) {
      for (Service s : r.all(Service.class)) {
        Map<String, String> selector = s.getSpec().getSelector();
        assertThat(selector).as(r + ": Service " + s.getMetadata().getName() + " has a selector").isNotEmpty();
        List<Workload> selected = r.workloads().stream()
            .filter(w -> w.owner() instanceof Deployment || w.owner() instanceof StatefulSet)
            .filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet())).toList();
        assertThat(selected).as(r + ": pods selected by Service " + s.getMetadata().getName()).extracting(Workload::name).hasSize(1);
        Container c = selected.get(0).template().getSpec().getContainers().get(0);
        for (ServicePort p : s.getSpec().getPorts()) {
          assertThat(resolve(c, p.getTargetPort())).as(r + ": Service " + s.getMetadata().getName() + " targetPort " + p.getTargetPort())
              .isNotNull();
        }
      }
      // Each workload's own selector picks its own pods only (a canary must not join the stable pods).
      for (Workload w : r.workloads()) {
        LabelSelector sel = selector(w.owner());
        if (sel == null) continue;
        long matching = r.workloads().stream().filter(o -> matches(sel, o.podLabels())).count();
        assertThat(matching).as(r + ": " + w.name() + "'s selector matches the pods of one workload").isEqualTo(1);
      }
    }
  }

  @Test
  void everyReferencedConfigMapSecretAndVolumeClaimExistsWithItsKeys() {
    Map<String, Secret> examples = base.all(Secret.class).stream()
        .filter(s -> s.getMetadata().getAnnotations() != null && s.getMetadata().getAnnotations().containsKey(EXAMPLE_ANNOTATION))
        .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
    assertThat(examples).as("base: the example Secrets").isNotEmpty();
    for (Rendered r : overlays.values()) {
      for (Workload w : r.workloads()) {
        String where = r + ": " + w.name();
        for (Container c : w.allContainers()) {
          if (c.getEnvFrom() != null) {
            for (EnvFromSource f : c.getEnvFrom()) {
              if (f.getConfigMapRef() != null) assertConfigMap(r, where, f.getConfigMapRef().getName(), null);
              if (f.getSecretRef() != null) assertSecret(r, examples, where, f.getSecretRef().getName(), null);
            }
          }
          if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
              if (e.getValueFrom() == null) continue;
              if (e.getValueFrom().getConfigMapKeyRef() != null) {
                assertConfigMap(r, where, e.getValueFrom().getConfigMapKeyRef().getName(), e.getValueFrom().getConfigMapKeyRef().getKey());
              }
              if (e.getValueFrom().getSecretKeyRef() != null) {
                assertSecret(r, examples, where, e.getValueFrom().getSecretKeyRef().getName(), e.getValueFrom().getSecretKeyRef().getKey());
              }
            }
          }
          Set<String> volumes = volumes(w).stream().map(Volume::getName).collect(Collectors.toSet());
          if (c.getVolumeMounts() != null) {
            for (VolumeMount m : c.getVolumeMounts()) {
              boolean claimTemplate = w.owner() instanceof StatefulSet ss && ss.getSpec().getVolumeClaimTemplates().stream()
                  .anyMatch(t -> t.getMetadata().getName().equals(m.getName()));
              assertThat(volumes.contains(m.getName()) || claimTemplate).as(where + ": volume " + m.getName() + " of " + c.getName()).isTrue();
            }
          }
        }
        for (Volume v : volumes(w)) {
          if (v.getConfigMap() != null) {
            String cm = v.getConfigMap().getName();
            assertConfigMap(r, where, cm, null);
            if (v.getConfigMap().getItems() != null) v.getConfigMap().getItems().forEach(i -> assertConfigMap(r, where, cm, i.getKey()));
          }
          if (v.getSecret() != null) assertSecret(r, examples, where, v.getSecret().getSecretName(), null);
          if (v.getPersistentVolumeClaim() != null) {
            assertThat(r.find(PersistentVolumeClaim.class, v.getPersistentVolumeClaim().getClaimName()))
                .as(where + ": PersistentVolumeClaim " + v.getPersistentVolumeClaim().getClaimName()).isPresent();
          }
        }
      }
    }
  }

  @Test
  void everyContainerHasCpuAndMemoryRequestsAndLimits() {
    for (Rendered r : overlays.values()) {
      for (Workload w : r.workloads()) {
        for (Container c : w.allContainers()) {
          String where = r + ": " + w.name() + " container " + c.getName();
          ResourceRequirements res = c.getResources();
          assertThat(res).as(where).isNotNull();
          assertThat(res.getRequests()).as(where + " requests").containsKeys("cpu", "memory");
          assertThat(res.getLimits()).as(where + " limits").containsKeys("cpu", "memory");
          assertThat(Quantity.getAmountInBytes(res.getLimits().get("memory")))
              .as(where + ": memory limit >= request").isGreaterThanOrEqualTo(Quantity.getAmountInBytes(res.getRequests().get("memory")));
        }
      }
    }
  }

  @Test
  void everyImageHasAFixedTagAndServiceImagesCarryTheProjectVersion() {
    String version = System.getProperty("recsys.version", "0.1.0-SNAPSHOT");
    for (Rendered r : overlays.values()) {
      for (Workload w : r.workloads()) {
        String track = w.podLabels().getOrDefault("recsys.io/track", "stable");
        for (Container c : w.allContainers()) {
          String where = r + ": " + w.name() + " container " + c.getName() + " image " + c.getImage();
          String image = c.getImage();
          String nameAndTag = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
          int colon = nameAndTag.lastIndexOf(':');
          assertThat(colon > nameAndTag.lastIndexOf('/')).as(where + ": has a tag").isTrue();
          String tag = nameAndTag.substring(colon + 1);
          String repository = nameAndTag.substring(0, colon);
          assertThat(tag).as(where).isNotEqualTo("latest").isNotBlank();
          String imageName = repository.substring(repository.lastIndexOf('/') + 1);
          if (Repo.SERVICES.contains(imageName)) {
            // Jib tags ${image.registry}/${project.artifactId}:${project.version} (the parent pom).
            if (track.equals("stable")) assertThat(tag).as(where + ": the tag Jib gives the stable build").isEqualTo(version);
            else assertThat(tag).as(where + ": a canary runs another build than the stable one").isNotEqualTo(version);
          }
        }
      }
    }
  }

  @Test
  void everyPodRunsAsNonRootWithAReadOnlyRootAndNoCapabilities() {
    for (Rendered r : overlays.values()) {
      for (Workload w : r.workloads()) {
        String where = r + ": " + w.name();
        PodSecurityContext pod = w.template().getSpec().getSecurityContext();
        assertThat(pod).as(where + " pod securityContext").isNotNull();
        assertThat(pod.getRunAsNonRoot()).as(where + " runAsNonRoot").isTrue();
        assertThat(pod.getRunAsUser()).as(where + " runAsUser").isNotNull().isPositive();
        assertThat(pod.getSeccompProfile()).as(where + " seccompProfile").isNotNull();
        assertThat(pod.getSeccompProfile().getType()).as(where + " seccompProfile").isEqualTo("RuntimeDefault");
        assertThat(w.template().getSpec().getAutomountServiceAccountToken()).as(where + ": no API token").isFalse();
        Set<String> emptyDirs = volumes(w).stream().filter(v -> v.getEmptyDir() != null).map(Volume::getName).collect(Collectors.toSet());
        for (Container c : w.allContainers()) {
          String cw = where + " container " + c.getName();
          SecurityContext sc = c.getSecurityContext();
          assertThat(sc).as(cw + " securityContext").isNotNull();
          assertThat(sc.getAllowPrivilegeEscalation()).as(cw + " allowPrivilegeEscalation").isFalse();
          assertThat(sc.getReadOnlyRootFilesystem()).as(cw + " readOnlyRootFilesystem").isTrue();
          assertThat(sc.getPrivileged()).as(cw + " privileged").isNotEqualTo(Boolean.TRUE);
          assertThat(sc.getCapabilities()).as(cw + " capabilities").isNotNull();
          assertThat(sc.getCapabilities().getDrop()).as(cw + " capabilities.drop").contains("ALL");
          assertThat(sc.getCapabilities().getAdd()).as(cw + " capabilities.add").isNullOrEmpty();
        }
        // The JVMs (and Redis) write to /tmp: an emptyDir there, since the root file system is read-only.
        for (Container c : w.template().getSpec().getContainers()) {
          assertThat(c.getVolumeMounts()).as(where + " container " + c.getName() + ": an emptyDir on /tmp")
              .anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/tmp");
                assertThat(emptyDirs).contains(m.getName());
              });
        }
      }
    }
  }

  @Test
  void networkPoliciesDenyByDefaultAndLetOnlyTheGatewayReachTheServices() {
    for (Rendered r : overlays.values()) {
      List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
      assertThat(policies).as(r + ": a default-deny ingress policy").anySatisfy(p -> {
        assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(p.getSpec().getPolicyTypes()).contains("Ingress");
        assertThat(p.getSpec().getIngress()).isNullOrEmpty();
      });
      Map<String, String> gatewayPods = r.get(Deployment.class, "gateway").getSpec().getTemplate().getMetadata().getLabels();
      for (Workload w : r.workloads()) {
        String where = r + ": " + w.name();
        List<NetworkPolicyIngressRule> rules = policies.stream().filter(p -> matches(p.getSpec().getPodSelector(), w.podLabels()))
            .flatMap(p -> p.getSpec().getIngress() == null ? java.util.stream.Stream.<NetworkPolicyIngressRule>empty() : p.getSpec().getIngress().stream())
            .toList();
        List<NetworkPolicyPeer> peers = rules.stream().flatMap(x -> x.getFrom() == null ? java.util.stream.Stream.<NetworkPolicyPeer>empty() : x.getFrom().stream()).toList();
        assertThat(rules).as(where + ": no rule admits everyone (a rule without from)").allSatisfy(x -> assertThat(x.getFrom()).isNotEmpty());
        String name = w.podLabels().get("app.kubernetes.io/name");
        if (Objects.equals(name, "gateway")) {
          assertThat(peers).as(where + ": reachable from the ingress controller").anySatisfy(p -> assertThat(p.getNamespaceSelector()).isNotNull());
        } else if (Repo.SERVICES.contains(name)) {
          // Pod peers: the gateway only. Namespace peers: only onto the management port (Prometheus).
          for (NetworkPolicyIngressRule rule : rules) {
            for (NetworkPolicyPeer p : rule.getFrom()) {
              if (p.getPodSelector() != null && p.getNamespaceSelector() == null) {
                assertThat(matches(p.getPodSelector(), gatewayPods)).as(where + ": only gateway pods may call it").isTrue();
              } else {
                assertThat(rule.getPorts()).as(where + ": from outside the namespace only the management port")
                    .isNotEmpty().allSatisfy(port -> assertThat(port.getPort().getStrVal()).isEqualTo("management"));
              }
            }
          }
          assertThat(peers).as(where + ": the gateway may call it").anySatisfy(p -> assertThat(p.getPodSelector()).isNotNull());
        } else if (Objects.equals(name, "redis")) {
          assertThat(peers).as(where + ": pod peers only").allSatisfy(p -> assertThat(p.getNamespaceSelector()).isNull());
          for (Workload client : r.workloads()) {
            boolean usesRedis = client.allContainers().stream().anyMatch(c -> c.getEnv() != null
                && c.getEnv().stream().anyMatch(e -> e.getName().equals("REDIS_URL")));
            boolean admitted = peers.stream().anyMatch(p -> matches(p.getPodSelector(), client.podLabels()));
            if (client != w) {
              assertThat(admitted).as(r + ": " + client.name() + " reaches Redis exactly when it uses it").isEqualTo(usesRedis);
            }
          }
        }
      }
    }
  }

  @Test
  void theGatewayReachesEveryStageAndEveryCanaryBackendThroughARenderedService() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (Rendered r : overlays.values()) {
      Deployment gw = r.get(Deployment.class, "gateway");
      Container c = gw.getSpec().getTemplate().getSpec().getContainers().get(0);
      Map<String, String> env = r.literalEnvironment(c);
      for (String stage : List.of("CANDIDATES", "RANKING", "RERANK", "FEATURE_STORE")) {
        String url = env.get("RECSYS_GATEWAY_" + stage + "_URL");
        assertThat(url).as(r + ": RECSYS_GATEWAY_" + stage + "_URL").isNotBlank();
        assertServiceUrl(r, "RECSYS_GATEWAY_" + stage + "_URL", url);
      }
      // The experiments file: where the gateway reads it is where the ConfigMap is mounted.
      Path file = Path.of(env.get("RECSYS_GATEWAY_EXPERIMENTS_FILE"));
      VolumeMount mount = c.getVolumeMounts().stream().filter(m -> file.startsWith(m.getMountPath())).findFirst()
          .orElseThrow(() -> new AssertionError(r + ": nothing mounted at " + file));
      assertThat(mount.getSubPath()).as(r + ": a subPath mount never sees ConfigMap updates").isNull();
      Volume volume = volumes(new Workload(gw, gw.getSpec().getTemplate())).stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
      String experiments = r.configMapData(volume.getConfigMap().getName()).get(file.getFileName().toString());
      assertThat(experiments).as(r + ": " + file + " in ConfigMap " + volume.getConfigMap().getName()).isNotNull();
      JsonNode root = json.readTree(experiments);
      assertThat(root.get("experiments").isArray()).as(r + ": experiments file").isTrue();
      for (JsonNode experiment : root.get("experiments")) {
        for (JsonNode variant : experiment.get("variants")) {
          JsonNode backends = variant.path("overrides").path("backends");
          for (var field : backends.properties()) {
            assertThat(field.getKey()).as(r + ": backend stage").isIn("candidates", "ranking", "rerank");
            assertServiceUrl(r, "experiment " + experiment.get("name").asString() + " variant " + variant.get("name").asString(),
                field.getValue().asString());
          }
        }
      }
    }
    // The canary overlay sends a share of users to ranking-service-v2, a Deployment of its own.
    Rendered canary = overlays.get("canary");
    assertThat(canary.find(Deployment.class, "ranking-service-v2")).isPresent();
    String file = canary.configMapData("gateway-experiments").get("experiments.json");
    assertThat(file).contains("http://ranking-service-v2:8080");
  }

  @Test
  void everyConfiguredVariableNamesARealSetting() {
    for (Rendered r : overlays.values()) {
      for (Workload w : r.workloads()) {
        String service = w.podLabels().get("app.kubernetes.io/name");
        if (!Repo.SERVICES.contains(service)) continue;
        ServiceSettings settings = ServiceSettings.of(service);
        Container c = w.template().getSpec().getContainers().get(0);
        List<String> names = new ArrayList<>(r.literalEnvironment(c).keySet());
        if (c.getEnv() != null) c.getEnv().forEach(e -> names.add(e.getName()));
        if (c.getEnvFrom() != null) {
          for (EnvFromSource f : c.getEnvFrom()) {
            if (f.getSecretRef() != null) {
              Secret s = r.find(Secret.class, f.getSecretRef().getName()).orElse(base.get(Secret.class, f.getSecretRef().getName()));
              names.addAll(Rendered.keys(s));
            }
          }
        }
        assertThat(names).as(r + ": " + w.name() + ": environment variables that no setting of " + service + " reads")
            .filteredOn(n -> !settings.reads(n)).isEmpty();
      }
    }
    // The check can fail: a misspelt setting is caught.
    assertThat(ServiceSettings.of("gateway").reads("RECSYS_GATEWAY_RANKNG_URL")).isFalse();
    assertThat(ServiceSettings.of("gateway").reads("RECSYS_GATEWAY_KEYS_3_LIMIT_PERMITSPERSECOND")).isTrue();
    assertThat(ServiceSettings.of("feature-store").reads("RECSYS_INGEST_BACKLOG_CAP")).isTrue();
  }

  @Test
  void devRunsOneReplicaWithoutAutoscalingAndProdSpreadsAtLeastThreeWithBudgets() {
    Rendered dev = overlays.get("dev");
    for (String s : Repo.SERVICES) assertThat(dev.get(Deployment.class, s).getSpec().getReplicas()).as("dev " + s).isEqualTo(1);
    assertThat(dev.all(HorizontalPodAutoscaler.class)).as("dev HPAs").isEmpty();
    assertThat(dev.all(PodDisruptionBudget.class)).as("dev PDBs").isEmpty();
    for (String overlay : List.of("prod", "canary")) {
      Rendered r = overlays.get(overlay);
      assertThat(r.all(Secret.class)).as(overlay + ": no example Secrets in production")
          .noneSatisfy(s -> assertThat(s.getMetadata().getAnnotations()).containsKey(EXAMPLE_ANNOTATION));
      for (String s : Repo.SERVICES) {
        Deployment d = r.get(Deployment.class, s);
        assertThat(d.getSpec().getReplicas()).as(overlay + " " + s + " replicas").isGreaterThanOrEqualTo(3);
        assertThat(d.getSpec().getTemplate().getSpec().getAffinity()).as(overlay + " " + s + " affinity").isNotNull();
        assertThat(d.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()).as(overlay + " " + s + " podAntiAffinity").isNotNull();
        HorizontalPodAutoscaler hpa = r.all(HorizontalPodAutoscaler.class).stream()
            .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(s)).findFirst()
            .orElseThrow(() -> new AssertionError(overlay + ": no HPA for " + s));
        assertThat(hpa.getSpec().getMinReplicas()).as(overlay + " " + s + " HPA min").isGreaterThanOrEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
        Map<String, String> pods = d.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(r.all(PodDisruptionBudget.class)).as(overlay + ": a PDB for " + s)
            .anySatisfy(p -> assertThat(matches(p.getSpec().getSelector(), pods)).isTrue());
      }
    }
  }

  @Test
  void redisKeepsAnAppendOnlyFileOnAPersistentVolumeUnlessExternal() {
    for (Rendered r : overlays.values()) {
      var redis = r.find(StatefulSet.class, "redis");
      if (redis.isEmpty()) {
        // external Redis: nothing in the cluster may still point at the in-cluster one
        assertThat(r.find(Service.class, "redis")).as(r + ": external Redis").isEmpty();
        continue;
      }
      assertThat(r.configMapData("redis-config").get("redis.conf")).as(r + ": redis.conf")
          .containsPattern("(?m)^appendonly yes$").containsPattern("(?m)^maxmemory-policy noeviction$").containsPattern("(?m)^dir /data$");
      StatefulSet ss = redis.get();
      assertThat(ss.getSpec().getVolumeClaimTemplates()).as(r + ": a PVC per Redis pod").isNotEmpty();
      assertThat(ss.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/data"));
    }
  }

  @Test
  void servicesMountTheModelStoreReadOnlyAndOnlyTheTrainingJobWritesIt() {
    for (Rendered r : overlays.values()) {
      for (Workload w : r.workloads()) {
        for (Volume v : volumes(w)) {
          if (v.getPersistentVolumeClaim() == null || !v.getPersistentVolumeClaim().getClaimName().equals("recsys-model-store")) continue;
          boolean training = w.owner().getKind().equals("CronJob") || w.owner().getKind().equals("Job");
          for (Container c : w.allContainers()) {
            if (c.getVolumeMounts() == null) continue;
            for (VolumeMount m : c.getVolumeMounts()) {
              if (!m.getName().equals(v.getName())) continue;
              assertThat(m.getMountPath()).as(r + ": " + w.name()).isEqualTo(r.literalEnvironment(c).getOrDefault("RECSYS_ARTIFACTS", "/artifacts"));
              if (!training) assertThat(m.getReadOnly()).as(r + ": " + w.name() + " mounts the model store read-only").isTrue();
            }
          }
        }
      }
      assertThat(r.all(HasMetadata.class)).as(r + ": the training CronJob").anySatisfy(o -> {
        assertThat(o.getKind()).isEqualTo("CronJob");
        assertThat(o.getMetadata().getName()).isEqualTo("recsys-train");
      });
    }
  }

  @Test
  void theIngressExposesOnlyTheGatewaysApiPort() {
    for (Rendered r : overlays.values()) {
      for (Ingress i : r.all(Ingress.class)) {
        i.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(p -> {
          assertThat(p.getBackend().getService().getName()).as(r + ": ingress backend").isEqualTo("gateway");
          assertThat(p.getBackend().getService().getPort().getName()).as(r + ": ingress port").isEqualTo("http");
          assertThat(p.getPath()).as(r + ": the actuator is never exposed").doesNotStartWith("/actuator");
        }));
      }
      assertThat(r.all(Ingress.class)).as(r + ": an Ingress").isNotEmpty();
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  /** The port {@code --port P} gives the service, else {@link ServeOptions#DEFAULT_PORT}. */
  static int portArgument(List<String> args) {
    if (args != null) {
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i).equals("--port") && i + 1 < args.size()) return Integer.parseInt(args.get(i + 1));
        if (args.get(i).startsWith("--port=")) return Integer.parseInt(args.get(i).substring("--port=".length()));
      }
    }
    return ServeOptions.DEFAULT_PORT;
  }

  static Integer containerPort(Container c, String name) {
    return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst().orElse(null);
  }

  /** A port given by number or by a container port's name. */
  static Integer resolve(Container c, IntOrString port) {
    if (port == null) return null;
    if (port.getIntVal() != null) return port.getIntVal();
    return containerPort(c, port.getStrVal());
  }

  static void assertProbe(String where, Container c, Probe probe, String path, int managementPort) {
    assertThat(probe).as(where).isNotNull();
    assertThat(probe.getHttpGet()).as(where + " httpGet").isNotNull();
    assertThat(probe.getHttpGet().getPath()).as(where + " path").isEqualTo(path);
    assertThat(resolve(c, probe.getHttpGet().getPort())).as(where + " port: the actuator's").isEqualTo(managementPort);
  }

  static List<Service> servicesSelecting(Rendered r, Map<String, String> podLabels) {
    return r.all(Service.class).stream().filter(s -> podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet())).toList();
  }

  static LabelSelector selector(HasMetadata workload) {
    if (workload instanceof Deployment d) return d.getSpec().getSelector();
    if (workload instanceof StatefulSet s) return s.getSpec().getSelector();
    return null;
  }

  /** Whether a label selector (matchLabels and matchExpressions In / NotIn / Exists / DoesNotExist) selects these labels. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) return false;
    if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) return false;
    if (selector.getMatchExpressions() != null) {
      for (var e : selector.getMatchExpressions()) {
        String v = labels.get(e.getKey());
        boolean ok = switch (e.getOperator()) {
          case "In" -> v != null && e.getValues().contains(v);
          case "NotIn" -> v == null || !e.getValues().contains(v);
          case "Exists" -> v != null;
          case "DoesNotExist" -> v == null;
          default -> throw new AssertionError("unknown selector operator " + e.getOperator());
        };
        if (!ok) return false;
      }
    }
    return true;
  }

  static List<Volume> volumes(Workload w) {
    return w.template().getSpec().getVolumes() == null ? List.of() : w.template().getSpec().getVolumes();
  }

  static void assertConfigMap(Rendered r, String where, String name, String key) {
    var cm = r.find(ConfigMap.class, name);
    assertThat(cm).as(where + ": ConfigMap " + name).isPresent();
    if (key != null) assertThat(cm.get().getData()).as(where + ": ConfigMap " + name + " key").containsKey(key);
  }

  /**
   * The Secret is rendered with the key, or (prod-like overlays, which leave the Secrets to the operator)
   * the base's example Secret of that name documents the key.
   */
  static void assertSecret(Rendered r, Map<String, Secret> examples, String where, String name, String key) {
    Secret s = r.find(Secret.class, name).orElse(examples.get(name));
    assertThat(s).as(where + ": Secret " + name + " (rendered, or documented by the base's example Secrets)").isNotNull();
    if (key != null) assertThat(Rendered.keys(s)).as(where + ": Secret " + name + " key").contains(key);
  }

  /** {@code http://<service>:<port>} names a rendered Service with that port. */
  static void assertServiceUrl(Rendered r, String what, String url) {
    URI u = URI.create(url);
    assertThat(u.getScheme()).as(r + ": " + what).isEqualTo("http");
    Service s = r.find(Service.class, u.getHost()).orElseThrow(() -> new AssertionError(r + ": " + what + " = " + url + ": no Service " + u.getHost()));
    assertThat(s.getSpec().getPorts()).as(r + ": " + what + " = " + url).anySatisfy(p -> assertThat(p.getPort()).isEqualTo(u.getPort()));
  }
}
