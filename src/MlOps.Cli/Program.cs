MlOps.Cli.Shell.Terminal.UsePlainStreamsWhenAsked();
return MlOps.Cli.MlOpsCommandLine.Run(args);
