return MlOps.Cli.MlOpsCommandLine.Run(args);
