function test_example(examples, tmp)
  % examples/own_channels.m runs on a few realizations, and the proposed
  % method beats, on average, every baseline that solves the same problem
  % under a restriction (no-secrecy is left out: it breaks the secrecy floor).
  addpath(examples);
  out = fullfile(tmp, 'own_channels.png');
  r = own_channels('realizations', 60, 'owners', 6, 'threads', 2, 'output', out);
  assert(isequal(size(r.ratio), [6, 2]) && all(isfinite(r.ratio(:))) && all(r.ratio(:, 1) > 0));
  assert(r.outage > 0 && r.outage < 1, 'secrecy outage: some owners, not all');
  for m = find(~strcmp(r.methods, 'proposed') & ~strcmp(r.methods, 'no-secrecy'))
    assert(r.ratio(1, 1) > r.ratio(m, 1), ['proposed does not beat ' r.methods{m}]);
  end
end
