function test_solve_instances(cli, data, tmp)
  % otmec_solve_instances equals otmec_solve of each row, bit for bit, on
  % instances drawn by `otmec generate` with channels scaled by hand: one
  % params struct for the batch, one per realization, the defaults, and a
  % baseline method. R ~= N, so a transposed matrix cannot pass.
  R = 5;
  N = 6;
  H = zeros(R, N);
  G = zeros(R, N);
  Dm = zeros(R, N);
  for r = 1:R
    file = fullfile(tmp, sprintf('instance%d.json', r));
    run_cli(cli, sprintf('generate --scenario "%s" --owners %d --seed 11 --stream %d -o "%s"', ...
                         fullfile(data, 'default.json'), N, r - 1, file));
    inst = read_instance(file);
    % Channels scaled by hand: the base station's link by a factor per
    % realization and owner, Eve's by one per realization.
    H(r, :) = inst.owners.h .* (0.5 + (1:N) / 4) * 2^(r - 3);
    G(r, :) = inst.owners.g * (1 + r / 2);
    Dm(r, :) = inst.owners.D;
  end
  % Realization 4: Eve hears every owner better than the base station does,
  % so no owner meets the secrecy floor (a row without an allocation).
  G(4, :) = 10 * H(4, :);
  params = inst.params;

  b = otmec_solve_instances(H, G, Dm, params, 'threads', 2);
  check_rows(b, H, G, Dm, params, {}, 'one params struct');
  assert(~any(strcmp(b.status, 'INFEASIBLE') == isfinite(b.ratio)), 'a row without an allocation has no NaN');
  assert(sum(isfinite(b.ratio)) >= R - 1, 'the scaled realizations have allocations');

  per = repmat(params, R, 1);
  for r = 1:R
    per(r).B_Hz = params.B_Hz * (0.5 + r / 4);
  end
  b = otmec_solve_instances(H, G, Dm, per, 'threads', 1);
  check_rows(b, H, G, Dm, per, {}, 'params per realization');

  b = otmec_solve_instances(H, G, Dm);
  check_rows(b, H, G, Dm, [], {}, 'default params');
  assert(isequaln(otmec_solve_instances(H, G, Dm, []), b), 'params [] is the defaults');

  settings = {'method', 'fixed-phi', 'algorithm', 'paper'};
  b = otmec_solve_instances(H, G, Dm, params, settings{:}, 'threads', 2);
  check_rows(b, H, G, Dm, params, settings, 'fixed-phi, paper');

  empty = otmec_solve_instances(zeros(0, N), zeros(0, N), zeros(0, N));
  assert(isempty(empty.ratio) && isequal(size(empty.phi), [0, N]));
end

function check_rows(b, H, G, Dm, params, settings, what)
  [R, N] = size(H);
  assert(b.num_owners == N);
  for f = {'ratio', 'utility', 'consumption', 'energy_J', 'time_s', 'kkt_residual', 'num_active'}
    assert(isequal(size(b.(f{1})), [R, 1]), sprintf('%s: %s is not R x 1', what, f{1}));
  end
  for f = {'owner_status', 'phi', 'b_Hz', 'p_W', 'f_Hz', 'fL_Hz'}
    assert(isequal(size(b.(f{1})), [R, N]), sprintf('%s: %s is not R x N', what, f{1}));
  end
  codes = {'ACTIVE', 'OUTAGE', 'DROPPED'};
  for r = 1:R
    inst = struct('owners', struct('h', H(r, :), 'g', G(r, :), 'D', Dm(r, :)));
    if ~isempty(params)
      inst.params = params(min(r, numel(params)));
    end
    s = otmec_solve(inst, settings{:});
    row = sprintf('%s, realization %d', what, r);
    assert(strcmp(b.status{r}, s.status), [row ': status']);
    assert(b.num_active(r) == s.num_active, [row ': num_active']);
    assert(isequal(codes(double(b.owner_status(r, :)) + 1), s.owners.status), [row ': owner_status']);
    if s.has_allocation
      for f = {'ratio', 'utility', 'consumption', 'energy_J', 'time_s', 'kkt_residual'}
        assert(b.(f{1})(r) == s.(f{1}), [row ': ' f{1}]);
      end
    else
      assert(isnan(b.ratio(r)), [row ': ratio without an allocation']);
    end
    for f = {'phi', 'b_Hz', 'p_W', 'f_Hz', 'fL_Hz'}
      assert(isequal(b.(f{1})(r, :), s.owners.(f{1})), [row ': ' f{1}]);
    end
  end
end
