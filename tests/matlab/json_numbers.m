function v = json_numbers(text, key)
  % The number or array of numbers of "key" in JSON text, as a row, parsed
  % exactly. Octave's jsondecode may round the last bit of a double, and the
  % tests compare bit for bit; str2double reads each number correctly
  % rounded. The key must occur once in the text (its first occurrence is
  % taken). null gives [].
  tok = regexp(text, ['"' key '"\s*:\s*(\[[^\]]*\]|[^,}\s]+)'], 'tokens', 'once');
  assert(~isempty(tok), sprintf('json_numbers: no key "%s"', key));
  s = regexprep(tok{1}, '[\[\]\s]', '');
  if strcmp(s, 'null')
    v = [];
  else
    v = str2double(strsplit(s, ','));
    assert(all(isfinite(v)), sprintf('json_numbers: "%s" holds a value that is not a number', key));
  end
end
