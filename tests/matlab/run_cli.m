function out = run_cli(cli, args)
  % Runs the command-line tool with the argument string args; its standard
  % output, after checking that it exited 0.
  [status, out] = system(sprintf('"%s" %s', cli, args));
  assert(status == 0, sprintf('otmec %s exited %d: %s', args, status, out));
end
