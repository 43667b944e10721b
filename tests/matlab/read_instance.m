function inst = read_instance(path)
  % An instance file as a struct in the instance format, every number
  % exactly as in the file (json_numbers), owners as rows.
  text = fileread(path);
  doc = jsondecode(text);
  inst.format = doc.format;
  names = fieldnames(doc.params);
  for k = 1:numel(names)
    inst.params.(names{k}) = json_numbers(text, names{k});
  end
  for f = {'h', 'g', 'D'}
    inst.owners.(f{1}) = json_numbers(text, f{1});
  end
end
