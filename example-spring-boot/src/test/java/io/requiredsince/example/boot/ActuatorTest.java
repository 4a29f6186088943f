package io.requiredsince.example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code /actuator/requiredsince} on Boot 4: GET lists the migrations and their states, POST completes the expanded ones. */
// The embedded Tomcat keeps its files in the build directory.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.tomcat.basedir=target/tomcat")
class ActuatorTest {

    static final String URL = Databases.fresh();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
    }

    @LocalServerPort
    int port;

    @Test
    void listsAndCompletes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/actuator/requiredsince");
        HttpResponse<String> before = http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, before.statusCode(), before.body());
        assertTrue(before.body().contains("\"script\":\"owners.handle\"") && before.body().contains("\"state\":\"EXPANDED\""),
                before.body());

        HttpResponse<String> complete = http.send(HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, complete.statusCode(), complete.body());
        assertTrue(complete.body().contains("owners.handle") && complete.body().contains("pets.kind"), complete.body());

        HttpResponse<String> after = http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(after.body().contains("\"state\":\"APPLIED\"") && !after.body().contains("EXPANDED"), after.body());
    }
}
