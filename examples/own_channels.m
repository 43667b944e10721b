function results = own_channels(varargin)
% OWN_CHANNELS  Your own channel model through otmec_solve_instances: a Monte
% Carlo comparison of the methods under a model none of otmec's scenarios
% draws (the study of examples/own_channels.py, in MATLAB or Octave).
%
% The model (MATLAB draws it; otmec only solves): N owners uniform in a ring
% around the base station, the path loss of the built-in scenario, and
% - to the base station, Rician fading with a line of sight (K-factor K): the
%   complex gain is sqrt(K/(K+1)) e^(j theta) + sqrt(1/(K+1)) z, with a
%   random phase theta and z ~ CN(0, 1);
% - to the eavesdropper, who stands at a fixed point outside the ring,
%   Rayleigh fading correlated with the scattered part z of the owner's own
%   link: rho z + sqrt(1 - rho^2) w, w ~ CN(0, 1).
% h and g are the squared magnitudes times the path gain, R x N matrices, and
% every realization is solved by every method on every core.
%
%   addpath build/matlab            % the MEX files (cmake -DOTMEC_MATLAB=ON)
%   own_channels                    % 2,000 realizations, own_channels.png
%   own_channels('realizations', 10000, 'output', 'big.png')
%
% Options (name-value): realizations (2000), owners (10), k_factor_db (6),
% rho (0.7), seed (1), threads (0 = every core), output ('own_channels.png',
% '' for no figure). Returns a struct with, per method, the mean ratio,
% energy and delay and the half-widths of their 95% confidence intervals.
% 2,000 realizations of 10 owners, every method: about 20 s on two cores.
  opt = struct('realizations', 2000, 'owners', 10, 'k_factor_db', 6, 'rho', 0.7, ...
               'seed', 1, 'threads', 0, 'output', 'own_channels.png');
  for k = 1:2:numel(varargin)
    if ~isfield(opt, varargin{k})
      error('own_channels:option', 'unknown option ''%s''', varargin{k});
    end
    opt.(varargin{k}) = varargin{k + 1};
  end
  if opt.rho < 0 || opt.rho > 1
    error('own_channels:option', 'rho must be in [0, 1]');
  end

  rng(opt.seed);
  [h, g, D] = draw_channels(opt.realizations, opt.owners, 10^(opt.k_factor_db / 10), opt.rho);
  % The built-in parameters (docs/model.md section 7), with the bandwidth and
  % the base station's GPU grown with the owners (2 MHz, 2 GHz each).
  params = struct('B_Hz', 20e6 * opt.owners / 10, 'F_L_Hz', 20e9 * opt.owners / 10);

  methods = {'proposed', 'equal', 'fixed-phi', 'no-secrecy', 'energy-only', 'delay-only'};
  keys = {'ratio', 'energy_J', 'time_s'};
  results = struct('methods', {methods});
  for k = 1:numel(keys)
    results.(keys{k}) = zeros(numel(methods), 2); % [mean, half-width]
  end
  for m = 1:numel(methods)
    tic;
    runs = otmec_solve_instances(h, g, D, params, 'method', methods{m}, 'threads', opt.threads);
    seconds = toc;
    for k = 1:numel(keys)
      [results.(keys{k})(m, 1), results.(keys{k})(m, 2)] = mean_ci(runs.(keys{k}));
    end
    if m == 1
      outage = mean(runs.owner_status(:) == 1); % 1: OUTAGE
    end
    fprintf('%-12s ratio %.6g +- %.2g  (%d/%d with an allocation, %.1f s)\n', methods{m}, ...
            results.ratio(m, 1), results.ratio(m, 2), sum(isfinite(runs.ratio)), opt.realizations, seconds);
  end
  fprintf('owners in secrecy outage: %.1f%% (the same channels for every method)\n', 100 * outage);
  results.outage = outage;

  if ~isempty(opt.output)
    plot_methods(results, opt);
  end
end

function [h, g, D] = draw_channels(R, N, K, rho)
  % h, g and D, each R x N (row r: realization r).
  eve_xy = [250, 0];
  radius = 200;
  min_dist = 10;
  r = sqrt(min_dist^2 + (radius^2 - min_dist^2) * rand(R, N)); % uniform over the ring's area
  theta = 2 * pi * rand(R, N);
  d_eve = hypot(r .* cos(theta) - eve_xy(1), r .* sin(theta) - eve_xy(2));

  scatter = cn(R, N);
  los = exp(1i * 2 * pi * rand(R, N));
  bs = sqrt(K / (K + 1)) * los + sqrt(1 / (K + 1)) * scatter;
  eve = rho * scatter + sqrt(1 - rho^2) * cn(R, N);

  h = abs(bs).^2 .* path_gain(r);
  g = abs(eve).^2 .* path_gain(d_eve);
  D = randi([500, 1000], R, N);
end

function z = cn(R, N)
  % Circularly symmetric complex Gaussian samples, unit variance.
  z = (randn(R, N) + 1i * randn(R, N)) / sqrt(2);
end

function p = path_gain(d_m)
  % 10^(-PL/10) with PL = 128.1 + 37.6 log10(d / 1 km) dB (the built-in
  % scenario's law), d at least 1 m.
  p = 10.^(-(128.1 + 37.6 * log10(max(d_m, 1) / 1000)) / 10);
end

function [m, half] = mean_ci(v)
  % Mean and the half-width of its 95% confidence interval over the
  % realizations with an allocation (NaN rows left out).
  v = v(isfinite(v));
  m = mean(v);
  half = 0;
  if numel(v) >= 2
    half = 1.96 * std(v) / sqrt(numel(v));
  end
end

function plot_methods(results, opt)
  % Three bar charts, one above the other, with 95% error bars, written to opt.output. Without a
  % display Octave draws through gnuplot; where no toolkit can draw, the
  % numbers above are the result.
  try
    device = '-dpng';
    if exist('OCTAVE_VERSION', 'builtin') && isempty(getenv('DISPLAY')) && ...
       any(strcmp(available_graphics_toolkits(), 'gnuplot'))
      % No display: gnuplot draws, straight to PNG through its cairo terminal.
      warning('off', 'Octave:gnuplot-graphics');
      graphics_toolkit('gnuplot');
      device = '-dpngcairo';
    end
    fig = figure('visible', 'off', 'position', [0, 0, 800, 900]);
    titles = {'utility / consumption (higher is better)', 'energy [J]', 'delay T [s]'};
    keys = {'ratio', 'energy_J', 'time_s'};
    n = numel(results.methods);
    for k = 1:3
      subplot(3, 1, k);
      v = results.(keys{k});
      bar(1:n, v(:, 1));
      hold on;
      errorbar(1:n, v(:, 1), v(:, 2), '.k');
      hold off;
      set(gca, 'XTick', 1:n, 'XTickLabel', results.methods);
      title(titles{k});
    end
    print(fig, device, opt.output);
    close(fig);
    fprintf('wrote %s\n', opt.output);
  catch err
    fprintf('no figure (%s); the numbers above are the result\n', err.message);
  end
end
