package io.recsys.featurestore.ingest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A test of the feature-store service as it runs: {@link FeatureStoreApplication} with its settings
 * file ({@code feature-store.yml}) on a random port, the test API keys of {@link ApiClient}, real HTTP
 * through {@link ApiClient} and {@code @LocalServerPort}. A test class adds its Redis
 * ({@code recsys.redis.url} from a {@code RedisExtension} through {@code @DynamicPropertySource}, or
 * {@code recsys.redis.embedded-dir}), its own settings ({@code @TestPropertySource}) and, where it
 * controls time, a {@code @Primary} {@code Clock} bean.
 *
 * <p>The context is closed after the class ({@code @DirtiesContext}): its Redis goes away with the
 * class, and a cached context would keep its workers polling a dead server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = FeatureStoreApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=" + FeatureStoreApplication.CONFIG_NAME,
    "recsys.security.api-key=" + ApiClient.API_KEY,
    "recsys.security.admin-key=" + ApiClient.ADMIN_KEY,
    "logging.level.root=WARN"})
@DirtiesContext
public @interface ServiceTest {}
