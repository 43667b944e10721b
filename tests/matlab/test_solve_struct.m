function test_solve_struct(data)
  % otmec_solve on a struct in the instance format equals otmec_solve on the
  % file it was read from; owners as rows or columns, a params field left
  % out (its default), and the params struct left out (every default).
  p1 = fullfile(data, 'examples', 'p1.json');
  from_file = otmec_solve(p1);
  inst = read_instance(p1);
  assert(isequal(otmec_solve(inst), from_file), 'struct input differs from the file');

  columns = inst;
  for f = {'h', 'g', 'D'}
    columns.owners.(f{1}) = inst.owners.(f{1})(:);
  end
  assert(isequal(otmec_solve(columns), from_file), 'owners as columns');

  % p1 holds the default w_t (0.95), so leaving it out changes nothing ...
  partial = inst;
  partial.params = rmfield(inst.params, 'w_t');
  assert(isequal(otmec_solve(partial), from_file), 'params.w_t left out');
  % ... while another value does.
  other = inst;
  other.params.w_t = 0.5;
  assert(otmec_solve(other).ratio ~= from_file.ratio, 'params.w_t is not read');

  bare = struct('owners', inst.owners);
  defaults = otmec_solve(bare);
  assert(defaults.ratio > 0 && strcmp(defaults.status, 'OPTIMAL'));
  % Settings reach the solver: the paper algorithm gives its own answer.
  paper = otmec_solve(inst, 'Algorithm', 'paper');
  assert(strcmp(paper.algorithm, 'paper') && paper.ratio ~= from_file.ratio);
end
