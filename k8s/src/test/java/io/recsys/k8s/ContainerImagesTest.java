package io.recsys.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.starter.ServiceDefaults;
import io.recsys.starter.serve.ServeOptions;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The Jib configuration (parent pom's pluginManagement, each service pom's main class) against what
 * the launcher and the manifests run. Needs no kubectl and no registry.
 */
class ContainerImagesTest {
  private static final String JIB = "jib-maven-plugin";

  @Test
  void everyServiceImageStartsTheMainClassTheLauncherServes() {
    Map<String, String> launcher = launcherServices();
    assertThat(launcher).as("./recsys SERVICES rows").containsOnlyKeys(Repo.SERVICES);
    for (String service : Repo.SERVICES) {
      Element jib = plugin(pom(service + "/pom.xml"), "build/plugins", JIB);
      assertThat(jib).as(service + "/pom.xml declares " + JIB).isNotNull();
      assertThat(text(jib, "configuration/container/mainClass")).as(service + ": image entrypoint main class")
          .isEqualTo(launcher.get(service));
      assertThat(child(jib, "executions")).as(service + ": no Jib goal bound to the build (never runs in test/install)").isNull();
    }
  }

  @Test
  void theParentConfiguresJibWithoutBindingAnyGoal() {
    Document parent = pom("pom.xml");
    Element jib = plugin(parent, "build/pluginManagement/plugins", JIB);
    assertThat(jib).as("pom.xml pluginManagement: " + JIB).isNotNull();
    assertThat(child(jib, "executions")).as("no execution: the image is built only when asked for").isNull();
    assertThat(text(jib, "version")).isEqualTo("${jib.version}");
    Map<String, String> props = properties(parent);
    assertThat(props).containsKeys("jib.version", "image.registry", "image.tag", "image.base");
    assertThat(props.get("image.tag")).isEqualTo("${project.version}");
    assertThat(props.get("image.base")).as("base image pinned").matches("eclipse-temurin:\\d+\\.\\d+\\.\\d+_\\d+-jre.*")
        .doesNotContain(":latest");
    assertThat(text(jib, "configuration/to/image")).isEqualTo("${image.registry}/${project.artifactId}:${image.tag}");
    assertThat(text(jib, "configuration/from/image")).isEqualTo("${image.base}");

    // The JVM flags the launcher starts every service with, plus container sizing.
    List<String> flags = texts(jib, "configuration/container/jvmFlags", "jvmFlag");
    assertThat(String.join(" ", flags)).contains(launcherNativeAccess())
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    // The ports the manifests use: ServeOptions' default and the management port of the container environment.
    Map<String, String> env = new LinkedHashMap<>();
    Element environment = child(child(child(jib, "configuration"), "container"), "environment");
    for (Node n = environment.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) env.put(e.getTagName(), e.getTextContent().trim());
    }
    assertThat(env).containsEntry(ServiceDefaults.ENV_BIND, "0.0.0.0").containsKey(ServiceDefaults.ENV_MANAGEMENT_PORT);
    assertThat(texts(jib, "configuration/container/ports", "port"))
        .containsExactlyInAnyOrder(String.valueOf(ServeOptions.DEFAULT_PORT), env.get(ServiceDefaults.ENV_MANAGEMENT_PORT));
    String user = text(jib, "configuration/container/user");
    assertThat(user).as("a non-root numeric user (runAsNonRoot needs a number)").matches("[1-9]\\d*(:\\d+)?");
  }

  @Test
  void theK8sModuleIsBuiltBetweenTheGatewayAndTheIntegrationTests() {
    List<String> modules = texts(pom("pom.xml").getDocumentElement(), "modules", "module");
    assertThat(modules).contains("k8s");
    assertThat(modules.indexOf("k8s")).isGreaterThan(modules.indexOf("gateway")).isLessThan(modules.indexOf("integration-tests"));
  }

  // --- helpers ------------------------------------------------------------------------------

  /** name → main class, from the launcher's SERVICES table ({@code "name|module|main|description"}). */
  static Map<String, String> launcherServices() {
    String script = Repo.read("recsys");
    Matcher block = Pattern.compile("(?s)\\nSERVICES=\\((.*?)\\n\\)").matcher(script);
    assertThat(block.find()).as("./recsys has a SERVICES table").isTrue();
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher row = Pattern.compile("\"([^|\"]+)\\|([^|\"]+)\\|([^|\"]+)\\|").matcher(block.group(1));
    while (row.find()) rows.put(row.group(1), row.group(3));
    return rows;
  }

  static String launcherNativeAccess() {
    Matcher m = Pattern.compile("NATIVE_ACCESS=\"([^\"]+)\"").matcher(Repo.read("recsys"));
    assertThat(m.find()).as("./recsys NATIVE_ACCESS").isTrue();
    return m.group(1);
  }

  static Document pom(String relative) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(new InputSource(new StringReader(Repo.read(relative))));
    } catch (Exception e) {
      throw new AssertionError(relative + " does not parse: " + e.getMessage(), e);
    }
  }

  static Map<String, String> properties(Document pom) {
    Map<String, String> p = new LinkedHashMap<>();
    Element props = child(pom.getDocumentElement(), "properties");
    for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) p.put(e.getTagName(), e.getTextContent().trim());
    }
    return p;
  }

  /** The plugin with this artifactId under a slash-separated path from the project element, or null. */
  static Element plugin(Document pom, String path, String artifactId) {
    Element plugins = descend(pom.getDocumentElement(), path);
    if (plugins == null) return null;
    for (Element p : children(plugins, "plugin")) {
      if (artifactId.equals(text(p, "artifactId"))) return p;
    }
    return null;
  }

  static Element descend(Element from, String path) {
    Element e = from;
    for (String step : path.split("/")) {
      if (e == null) return null;
      e = child(e, step);
    }
    return e;
  }

  static String text(Element from, String path) {
    Element e = descend(from, path);
    return e == null ? null : e.getTextContent().trim();
  }

  static List<String> texts(Element from, String path, String name) {
    Element e = descend(from, path);
    if (e == null) return List.of();
    return children(e, name).stream().map(x -> x.getTextContent().trim()).toList();
  }

  static Element child(Element parent, String name) {
    if (parent == null) return null;
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0);
  }

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) out.add(e);
    }
    return out;
  }
}
