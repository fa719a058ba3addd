package dev.meshplane.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code meshplane <command>}: the entry point of the runnable jar. */
@Command(
    name = "meshplane",
    mixinStandardHelpOptions = true,
    description = "A service-mesh control plane that speaks the AWS App Mesh API and serves Envoy over xDS.",
    subcommands = {
      ServerCommand.class,
      ServiceCommands.Frontend.class,
      ServiceCommands.Transformer.class,
      ServiceCommands.Management.class,
      BackupCommand.class,
      RestoreCommand.class,
      ApplyCommand.class,
      ExportCommand.class,
      HistoryCommand.class,
      RollbackCommand.class,
      dev.meshplane.k8s.K8sControllerCommand.class,

      ProxyStatusCommand.class,
      ProxyConfigCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    int exit = new CommandLine(new Main()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
