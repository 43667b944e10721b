function expect_error(f, id, fragment)
  % Calls f() and checks that it raises an error with identifier id whose
  % message contains fragment.
  try
    f();
  catch err
    assert(strcmp(err.identifier, id), ...
           sprintf('expected error %s, got %s: %s', id, err.identifier, err.message));
    assert(~isempty(strfind(err.message, fragment)), ...
           sprintf('error message "%s" does not name "%s"', err.message, fragment));
    return;
  end
  error('test:noError', 'expected error %s (%s), but the call returned', id, fragment);
end
