package dev.meshplane.frontend.console;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the web console's files (plain HTML, JS and CSS under {@code console/} on the class path)
 * at {@code /console/}. The files are public; everything the console shows it fetches from the API
 * with requests signed in the browser, so it sees exactly what the signing principal may see.
 */
@Controller("/console")
public class ConsoleController {
  /** The console's files and their types; nothing else is served. */
  private static final Map<String, MediaType> FILES = Map.of(
      "index.html", MediaType.TEXT_HTML_TYPE,
      "console.js", MediaType.of("text/javascript"),
      "sigv4.js", MediaType.of("text/javascript"),
      "console.css", MediaType.of("text/css"));
  /** Scripts and styles from this origin only, no inline code, no framing. */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

  /** {@code /console} and {@code /console/} alike (Micronaut matches both); the page links its files absolutely. */
  @Get
  public HttpResponse<?> index() {
    return file("index.html");
  }

  @Get("/{name}")
  public HttpResponse<?> file(String name) {
    MediaType type = FILES.get(name);
    if (type == null) {
      return HttpResponse.status(HttpStatus.NOT_FOUND).body("No such console file: " + name);
    }
    try (InputStream in = ConsoleController.class.getClassLoader().getResourceAsStream("console/" + name)) {
      if (in == null) {
        return HttpResponse.status(HttpStatus.NOT_FOUND).body("No such console file: " + name);
      }
      return HttpResponse.ok(in.readAllBytes())
          .contentType(type.toString() + ";charset=utf-8")
          .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
          .header("X-Content-Type-Options", "nosniff")
          .header("Cache-Control", "no-cache");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
