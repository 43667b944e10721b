function test_solve_file(cli, data)
  % otmec_solve on an instance file gives the command-line tool's solution,
  % bit for bit: the numbers of `otmec solve`'s JSON (written as shortest
  % round-trip doubles) for the default settings and a few others.
  p1 = fullfile(data, 'examples', 'p1.json');
  cases = {{}, '';
           {'algorithm', 'paper'}, '--algorithm paper';
           {'method', 'no-secrecy'}, '--method no-secrecy';
           {'refine', false, 'sp2', 'sca'}, '--no-refine --sp2 sca'};
  for c = 1:size(cases, 1)
    settings = cases{c, 1};
    text = run_cli(cli, sprintf('solve "%s" %s', p1, cases{c, 2}));
    s = otmec_solve(p1, settings{:});
    what = sprintf('case %d (%s)', c, cases{c, 2});
    status = regexp(text, '"status":\s*"(\w+)"', 'tokens', 'once');
    assert(strcmp(s.status, status{1}), [what ': status']);
    assert(s.ratio == json_numbers(text, 'ratio'), [what ': ratio']);
    for f = {'utility', 'consumption', 'energy_J', 'time_s', 'kkt_residual'}
      assert(s.(f{1}) == json_numbers(text, f{1}), [what ': ' f{1}]);
    end
    for f = {'dinkelbach', 'ao', 'sca', 'ipm', 'refine'}
      assert(s.iterations.(f{1}) == json_numbers(text, f{1}), [what ': iterations.' f{1}]);
    end
    for f = {'phi', 'b_Hz', 'p_W', 'f_Hz', 'fL_Hz', 'secrecy_rate_bps', 'T_s', 'E_J'}
      assert(isequal(s.owners.(f{1}), json_numbers(text, f{1})), [what ': owners.' f{1}]);
    end
    statuses = regexp(text, '"status":\s*\[([^\]]*)\]', 'tokens', 'once');
    names = regexp(statuses{1}, '"(\w+)"', 'tokens');
    assert(isequal(s.owners.status, cellfun(@(t) t{1}, names, 'UniformOutput', false)), [what ': owners.status']);
  end
  s = otmec_solve(p1);
  assert(strcmp(s.status, 'OPTIMAL') && s.has_allocation && s.num_active == numel(s.owners.phi));
end
