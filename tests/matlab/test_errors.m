function test_errors(data)
  % Bad arguments raise errors with the documented identifiers, naming the
  % argument, field or setting and (1-based) index; the MEX files keep
  % working afterwards.
  p1 = fullfile(data, 'examples', 'p1.json');
  inst = read_instance(p1);
  arg = 'otmec:invalidArgument';
  input = 'otmec:invalidInput';

  % otmec_solve: arguments and settings
  expect_error(@() otmec_solve(), arg, 'usage');
  expect_error(@() otmec_solve(42), arg, 'instance');
  expect_error(@() otmec_solve(fullfile(data, 'no-such-file.json')), 'otmec:io', 'no-such-file.json');
  expect_error(@() otmec_solve(p1, 'algorithm'), arg, 'name-value');
  expect_error(@() otmec_solve(p1, 'colour', 1), arg, 'colour');
  expect_error(@() otmec_solve(p1, 7, 1), arg, 'argument 2');
  expect_error(@() otmec_solve(p1, 'method', 'best'), arg, 'best');
  expect_error(@() otmec_solve(p1, 'algorithm', 'fast'), arg, 'algorithm');
  expect_error(@() otmec_solve(p1, 'threads', -1), arg, 'threads');
  expect_error(@() otmec_solve(p1, 'max_ipm', 2.5), arg, 'max_ipm');
  expect_error(@() otmec_solve(p1, 'eps_kkt', 0), arg, 'eps_kkt');
  expect_error(@() otmec_solve(p1, 'refine', [1 1]), arg, 'refine');

  % otmec_solve: the instance struct
  bad = inst;
  bad.owners.h(3) = NaN;
  expect_error(@() otmec_solve(bad), input, 'owners.h(3)');
  bad = inst;
  bad.owners.g(2) = -1e-12;
  expect_error(@() otmec_solve(bad), input, 'owners.g(2)');
  bad = inst;
  bad.owners.D(end) = 0.5;
  expect_error(@() otmec_solve(bad), input, sprintf('owners.D(%d)', numel(inst.owners.D)));
  bad = inst;
  bad.owners.D(end) = [];
  expect_error(@() otmec_solve(bad), arg, 'same length');
  bad = inst;
  bad.owners = rmfield(bad.owners, 'g');
  expect_error(@() otmec_solve(bad), arg, 'owners.g');
  bad = inst;
  bad.owners.h = single(bad.owners.h);
  expect_error(@() otmec_solve(bad), arg, 'owners.h');
  bad = inst;
  bad.params.B_Hz = -1;
  expect_error(@() otmec_solve(bad), input, 'params.B_Hz');
  bad = inst;
  bad.params.bandwidth = 1;
  expect_error(@() otmec_solve(bad), arg, 'params.bandwidth');
  bad = inst;
  bad.params.p_max_W = 'high';
  expect_error(@() otmec_solve(bad), arg, 'params.p_max_W');
  bad = inst;
  bad.extra = 1;
  expect_error(@() otmec_solve(bad), arg, 'instance.extra');

  % otmec_solve_instances
  H = repmat(inst.owners.h, 4, 1);
  G = repmat(inst.owners.g, 4, 1);
  Dm = repmat(inst.owners.D, 4, 1);
  expect_error(@() otmec_solve_instances(H, G), arg, 'usage');
  Hb = H;
  Hb(2, 3) = NaN;
  expect_error(@() otmec_solve_instances(Hb, G, Dm), input, 'h(2,3)');
  Gb = G;
  Gb(4, 1) = 0;
  expect_error(@() otmec_solve_instances(H, Gb, Dm), input, 'g(4,1)');
  Db = Dm;
  Db(3, 2) = Inf;
  expect_error(@() otmec_solve_instances(H, G, Db), input, 'D(3,2)');
  expect_error(@() otmec_solve_instances(H, G(1:3, :), Dm), arg, 'g: size 3 x');
  expect_error(@() otmec_solve_instances(H, G, Dm'), arg, 'D: size');
  expect_error(@() otmec_solve_instances(single(H), G, Dm), arg, 'h:');
  expect_error(@() otmec_solve_instances(H, G, Dm, repmat(inst.params, 3, 1)), arg, 'params');
  per = repmat(inst.params, 4, 1);
  per(2).B_Hz = 0;
  expect_error(@() otmec_solve_instances(H, G, Dm, per), input, 'params(2)');
  expect_error(@() otmec_solve_instances(H, G, Dm, inst.params, 'backend', 'gpu'), arg, 'backend');
  expect_error(@() otmec_solve_instances(H, G, Dm, 'threads'), arg, 'name-value');
  expect_error(@() otmec_solve_instances(H, G, Dm, {}), arg, 'params');

  % CUDA: where it cannot run, a clear error; where it can, a result.
  try
    b = otmec_solve_instances(H, G, Dm, inst.params, 'backend', 'cuda');
    assert(numel(b.ratio) == 4);
  catch err
    assert(strcmp(err.identifier, 'otmec:backendUnavailable'), err.identifier);
  end

  % Still working after the errors.
  assert(otmec_solve(p1).ratio == otmec_solve(inst).ratio);
end
