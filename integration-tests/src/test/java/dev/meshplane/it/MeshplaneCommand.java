package dev.meshplane.it;

import dev.meshplane.launcher.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Runs a {@code bin/meshplane} client command (apply, export, history, rollback) in this JVM against
 * a {@link RunningServer}, as a user would: the SDK's default credential chain finds the key in
 * the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties (its first source),
 * the region in {@code aws.region}.
 */
final class MeshplaneCommand {
  record Result(int exitCode, String out, String err) {}

  private MeshplaneCommand() {}

  static synchronized Result run(RunningServer server, AwsBasicCredentials credentials, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--endpoint-url");
    all.add(server.endpoint().toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    String[] keys = {"aws.accessKeyId", "aws.secretAccessKey", "aws.region"};
    String[] values = {credentials.accessKeyId(), credentials.secretAccessKey(), RunningServer.REGION};
    String[] before = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      before[i] = System.getProperty(keys[i]);
      System.setProperty(keys[i], values[i]);
    }
    try {
      int exit = commandLine.execute(all.toArray(String[]::new));
      return new Result(exit, out.toString(), err.toString());
    } finally {
      for (int i = 0; i < keys.length; i++) {
        if (before[i] == null) {
          System.clearProperty(keys[i]);
        } else {
          System.setProperty(keys[i], before[i]);
        }
      }
    }
  }

  static Result run(RunningServer server, String... args) {
    return run(server, RunningServer.ADMIN, args);
  }
}
