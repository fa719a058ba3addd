package dev.meshplane.frontend.readiness;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /ready}: 200 when every part of the process is ready, else 503 naming the parts that
 * are not. Outside the App Mesh API routes, so not SigV4-authenticated (probes carry no AWS
 * credentials). On the blocking pool: the store checks make real reads.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReadyController {
  private final Readiness readiness;

  public ReadyController(Readiness readiness) {
    this.readiness = readiness;
  }

  @Get(uri = "/ready", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> ready() {
    Readiness.Report report = readiness.report();
    return HttpResponse.<String>status(HttpStatus.valueOf(report.httpStatus())).body(report.toJson());
  }
}
