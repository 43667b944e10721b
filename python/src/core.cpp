// otmec._core: the C library seen from Python through nanobind. Thin on
// purpose: it converts arguments, releases the GIL around the solves, turns
// library errors into otmec.Error with the library's message, and hands
// results back as numpy arrays. Names, defaults and the friendly objects are
// in python/otmec/__init__.py.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "otmec.h"

namespace nb = nanobind;

namespace {

// A library error: otmec_strerror's words when the library left no message.
struct LibraryError : std::exception {
    std::string message;
    LibraryError(otmec_error err, const char *msg) : message(msg && msg[0] ? msg : otmec_strerror(err)) {}
    const char *what() const noexcept override { return message.c_str(); }
};

void check(otmec_error err, const char *msg)
{
    if (err != OTMEC_OK)
        throw LibraryError(err, msg);
}

// A zeroed buffer of n values (at least one, so that it is never NULL).
template <typename T> std::unique_ptr<T[]> buffer(size_t n)
{
    return std::unique_ptr<T[]>(new T[n ? n : 1]());
}

// A buffer handed to a numpy array of the given shape, which then owns it.
template <typename T> nb::object to_numpy(std::unique_ptr<T[]> &&buf, size_t rows, size_t cols = 0)
{
    T *data = buf.get();
    nb::capsule owner(data, [](void *p) noexcept { delete[] static_cast<T *>(p); });
    buf.release();
    if (cols == 0)
        return nb::cast(nb::ndarray<nb::numpy, T, nb::ndim<1>>(data, {rows}, owner));
    return nb::cast(nb::ndarray<nb::numpy, T, nb::ndim<2>>(data, {rows, cols}, owner));
}

// A copy of n values (NULL gives zeros) as a numpy array.
nb::object copy_numpy(const double *src, size_t n)
{
    auto data = buffer<double>(n);
    if (src)
        std::memcpy(data.get(), src, n * sizeof(double));
    return to_numpy(std::move(data), n);
}

struct Instance {
    otmec_instance *ptr = nullptr;
    explicit Instance(otmec_instance *p) : ptr(p) {}
    Instance(const Instance &) = delete;
    Instance &operator=(const Instance &) = delete;
    ~Instance() { otmec_instance_free(ptr); }
};

Instance *instance_from_file(const std::string &path)
{
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = nullptr;
    check(otmec_instance_read_json(path.c_str(), &inst, msg, sizeof msg), msg);
    return new Instance(inst);
}

Instance *instance_from_json(const std::string &text)
{
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = nullptr;
    check(otmec_instance_parse_json(text.c_str(), &inst, msg, sizeof msg), msg);
    return new Instance(inst);
}

std::string take_string(char *text)
{
    std::string s(text);
    std::free(text);
    return s;
}

std::string instance_to_json(const Instance &inst)
{
    char *text = nullptr;
    check(otmec_instance_to_json(inst.ptr, &text), nullptr);
    return take_string(text);
}

// The scenario from a file (is_path) or from JSON text; an empty text is the
// built-in default.
otmec_scenario load_scenario(const std::string &source, bool is_path)
{
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    if (is_path)
        check(otmec_scenario_read_json(source.c_str(), &sc, msg, sizeof msg), msg);
    else if (!source.empty())
        check(otmec_scenario_parse_json(source.c_str(), &sc, msg, sizeof msg), msg);
    return sc;
}

std::string scenario_to_json(const std::string &source, bool is_path)
{
    otmec_scenario sc = load_scenario(source, is_path);
    char *text = nullptr;
    check(otmec_scenario_to_json(&sc, &text), nullptr);
    return take_string(text);
}

Instance *generate(const std::string &source, bool is_path, uint64_t seed, uint64_t stream)
{
    otmec_scenario sc = load_scenario(source, is_path);
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = nullptr;
    check(otmec_generate(&sc, seed, stream, &inst, msg, sizeof msg), msg);
    return new Instance(inst);
}

// Settings from a dict whose values the Python layer already checked and
// turned into numbers; any other key is refused by name.
otmec_settings settings_from(const nb::dict &d)
{
    otmec_settings s;
    otmec_settings_default(&s);
    for (auto item : d) {
        std::string key = nb::cast<std::string>(item.first);
        nb::handle v = item.second;
        if (key == "algorithm")
            s.algorithm = static_cast<otmec_algorithm>(nb::cast<int>(v));
        else if (key == "backend")
            s.backend = static_cast<otmec_backend>(nb::cast<int>(v));
        else if (key == "admission")
            s.admission = static_cast<otmec_admission>(nb::cast<int>(v));
        else if (key == "sp2")
            s.sp2_method = static_cast<otmec_sp2_method>(nb::cast<int>(v));
        else if (key == "method")
            s.method = static_cast<otmec_method>(nb::cast<int>(v));
        else if (key == "refine")
            s.refine = nb::cast<bool>(v) ? 1 : 0;
        else if (key == "eps_dinkelbach")
            s.eps_dinkelbach = nb::cast<double>(v);
        else if (key == "eps_ao")
            s.eps_ao = nb::cast<double>(v);
        else if (key == "eps_sca")
            s.eps_sca = nb::cast<double>(v);
        else if (key == "eps_kkt")
            s.eps_kkt = nb::cast<double>(v);
        else if (key == "max_dinkelbach")
            s.max_dinkelbach = nb::cast<int>(v);
        else if (key == "max_ao")
            s.max_ao = nb::cast<int>(v);
        else if (key == "max_sca")
            s.max_sca = nb::cast<int>(v);
        else if (key == "max_ipm")
            s.max_ipm = nb::cast<int>(v);
        else if (key == "threads")
            s.threads = nb::cast<int>(v);
        else if (key == "device_memory_bytes")
            s.device_memory_bytes = nb::cast<size_t>(v);
        else
            throw nb::value_error(("unknown setting '" + key + "'").c_str());
    }
    return s;
}

nb::dict solve(const Instance &inst, const nb::dict &settings)
{
    otmec_settings set = settings_from(settings);
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_solution *sol = nullptr;
    otmec_error err;
    {
        nb::gil_scoped_release unlocked;
        err = otmec_solve(inst.ptr, &set, &sol, msg, sizeof msg);
    }
    check(err, msg);
    const size_t n = otmec_solution_num_owners(sol);
    otmec_evaluation ev = otmec_solution_evaluation(sol);
    otmec_iterations it = otmec_solution_iterations(sol);
    nb::dict r;
    r["status"] = otmec_status_name(otmec_solution_status(sol));
    r["reason"] = otmec_solution_reason(sol);
    r["method"] = otmec_method_name(otmec_solution_method(sol));
    r["algorithm"] = otmec_algorithm_name(otmec_solution_algorithm(sol));
    r["has_allocation"] = otmec_solution_has_allocation(sol) != 0;
    r["ratio"] = ev.ratio;
    r["utility"] = ev.utility;
    r["consumption"] = ev.consumption;
    r["energy_J"] = ev.energy_J;
    r["time_s"] = ev.time_s;
    r["kkt_residual"] = otmec_solution_kkt_residual(sol);
    r["num_active"] = otmec_solution_num_active(sol);
    r["num_leaking"] = otmec_solution_num_leaking(sol);
    nb::dict iterations;
    iterations["dinkelbach"] = it.dinkelbach;
    iterations["ao"] = it.ao;
    iterations["sca"] = it.sca;
    iterations["ipm"] = it.ipm;
    iterations["refine"] = it.refine;
    r["iterations"] = iterations;
    const otmec_owner_status *st = otmec_solution_owner_status(sol);
    nb::list owner_status;
    for (size_t k = 0; k < n; ++k)
        owner_status.append(otmec_owner_status_name(st[k]));
    r["owner_status"] = owner_status;
    r["phi"] = copy_numpy(otmec_solution_phi(sol), n);
    r["b"] = copy_numpy(otmec_solution_b(sol), n);
    r["p"] = copy_numpy(otmec_solution_p(sol), n);
    r["f"] = copy_numpy(otmec_solution_f(sol), n);
    r["fL"] = copy_numpy(otmec_solution_fL(sol), n);
    r["secrecy_rate"] = copy_numpy(otmec_solution_secrecy_rate(sol), n);
    r["owner_time"] = copy_numpy(otmec_solution_owner_time(sol), n);
    r["owner_energy"] = copy_numpy(otmec_solution_owner_energy(sol), n);
    char *text = nullptr;
    err = otmec_solution_to_json(sol, &text);
    otmec_solution_free(sol);
    check(err, nullptr);
    r["json"] = take_string(text);
    return r;
}

// The result arrays of a batch, owned here until they are handed to numpy.
struct BatchArrays {
    size_t count, n;
    std::unique_ptr<otmec_status[]> status;
    std::unique_ptr<double[]> ratio, utility, consumption, energy, time, kkt;
    std::unique_ptr<size_t[]> num_active;
    std::unique_ptr<unsigned char[]> owner_status;
    std::unique_ptr<double[]> phi, b, p, f, fL;

    BatchArrays(size_t count_, size_t n_)
        : count(count_), n(n_), status(buffer<otmec_status>(count)), ratio(buffer<double>(count)),
          utility(buffer<double>(count)), consumption(buffer<double>(count)), energy(buffer<double>(count)),
          time(buffer<double>(count)), kkt(buffer<double>(count)), num_active(buffer<size_t>(count)),
          owner_status(buffer<unsigned char>(count * n)), phi(buffer<double>(count * n)),
          b(buffer<double>(count * n)), p(buffer<double>(count * n)), f(buffer<double>(count * n)),
          fL(buffer<double>(count * n))
    {
    }

    otmec_batch view()
    {
        otmec_batch v;
        std::memset(&v, 0, sizeof v);
        v.count = count;
        v.status = status.get();
        v.ratio = ratio.get();
        v.utility = utility.get();
        v.consumption = consumption.get();
        v.energy_J = energy.get();
        v.time_s = time.get();
        v.kkt_residual = kkt.get();
        v.num_active = num_active.get();
        v.owner_status = owner_status.get();
        v.phi = phi.get();
        v.b_Hz = b.get();
        v.p_W = p.get();
        v.f_Hz = f.get();
        v.fL_Hz = fL.get();
        return v;
    }

    // The fields of otmec.BatchResult; the arrays move to numpy.
    nb::dict to_dict()
    {
        nb::list names;
        for (size_t r = 0; r < count; ++r)
            names.append(otmec_status_name(status[r]));
        nb::dict d;
        d["num_owners"] = n;
        d["status"] = names;
        d["ratio"] = to_numpy(std::move(ratio), count);
        d["utility"] = to_numpy(std::move(utility), count);
        d["consumption"] = to_numpy(std::move(consumption), count);
        d["energy_J"] = to_numpy(std::move(energy), count);
        d["time_s"] = to_numpy(std::move(time), count);
        d["kkt_residual"] = to_numpy(std::move(kkt), count);
        d["num_active"] = to_numpy(std::move(num_active), count);
        d["owner_status"] = to_numpy(std::move(owner_status), count, n);
        d["phi"] = to_numpy(std::move(phi), count, n);
        d["b"] = to_numpy(std::move(b), count, n);
        d["p"] = to_numpy(std::move(p), count, n);
        d["f"] = to_numpy(std::move(f), count, n);
        d["fL"] = to_numpy(std::move(fL), count, n);
        return d;
    }
};

nb::dict solve_batch(const std::string &source, bool is_path, uint64_t seed, size_t count, uint64_t first,
                     const nb::dict &settings)
{
    otmec_scenario sc = load_scenario(source, is_path);
    otmec_settings set = settings_from(settings);
    BatchArrays out(count, sc.N);
    otmec_batch b = out.view();
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error err;
    {
        nb::gil_scoped_release unlocked;
        err = otmec_solve_batch(&sc, seed, first, &set, &b, msg, sizeof msg);
    }
    check(err, msg);
    return out.to_dict();
}

// [realizations, owners], C order, float64: the Python layer converted the
// caller's arrays (once) into this.
using Rows = nb::ndarray<const double, nb::ndim<2>, nb::c_contig, nb::device::cpu>;

// Instances given as arrays. `params`: Instances whose parameters are used,
// one for the batch or one per realization. A bad value of the arrays is a
// ValueError with the library's message (array and first bad index).
nb::dict solve_instances(Rows h, Rows g, Rows D, const nb::list &params, const nb::dict &settings)
{
    const size_t count = h.shape(0), n = h.shape(1);
    if (g.shape(0) != count || g.shape(1) != n || D.shape(0) != count || D.shape(1) != n)
        throw nb::value_error("h, g and D must have the same shape [realizations, owners]");
    const size_t given = nb::len(params);
    if (given != 1 && given != count)
        throw nb::value_error("params: one set for the batch or one per realization");
    std::vector<otmec_params> prm;
    for (nb::handle item : params)
        prm.push_back(*otmec_instance_params(nb::cast<const Instance &>(item).ptr));
    otmec_settings set = settings_from(settings);
    BatchArrays out(count, n);
    otmec_batch b = out.view();
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error err;
    {
        nb::gil_scoped_release unlocked;
        err = otmec_solve_instances(count, n, h.data(), g.data(), D.data(), prm.data(), given == 1 ? 0 : 1, &set, &b,
                                    msg, sizeof msg);
    }
    if (err == OTMEC_ERR_INVALID_INPUT)
        throw nb::value_error(msg);
    check(err, msg);
    return out.to_dict();
}

// An instance of one owner with the default parameters: where Python reads
// them, in the instance format.
Instance *default_params_instance()
{
    otmec_params prm;
    otmec_params_default(&prm);
    const double one = 1.0;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = nullptr;
    check(otmec_instance_create(&prm, 1, &one, &one, &one, &inst, msg, sizeof msg), msg);
    return new Instance(inst);
}

nb::list method_names()
{
    nb::list names;
    for (int m = 0; m < OTMEC_METHOD_COUNT; ++m)
        names.append(otmec_method_name(static_cast<otmec_method>(m)));
    return names;
}

} // namespace

NB_MODULE(_core, m)
{
    m.doc() = "Bindings of the otmec C library (use the otmec package, not this module).";
    nb::exception<LibraryError>(m, "Error");

    nb::class_<Instance>(m, "Instance")
        .def_prop_ro("num_owners", [](const Instance &i) { return otmec_instance_num_owners(i.ptr); })
        .def_prop_ro("h", [](const Instance &i) { return copy_numpy(otmec_instance_h(i.ptr), otmec_instance_num_owners(i.ptr)); })
        .def_prop_ro("g", [](const Instance &i) { return copy_numpy(otmec_instance_g(i.ptr), otmec_instance_num_owners(i.ptr)); })
        .def_prop_ro("D", [](const Instance &i) { return copy_numpy(otmec_instance_D(i.ptr), otmec_instance_num_owners(i.ptr)); })
        .def("to_json", &instance_to_json);
    m.def("instance_from_file", &instance_from_file);
    m.def("instance_from_json", &instance_from_json);
    m.def("scenario_to_json", &scenario_to_json);
    m.def("generate", &generate);
    m.def("solve", &solve);
    m.def("solve_batch", &solve_batch);
    m.def("solve_instances", &solve_instances);
    m.def("default_params_instance", &default_params_instance);
    m.def("method_names", &method_names);
    m.def("version", [] { return std::string(otmec_version()); });
    m.def("backend_available", [](int backend) {
        char msg[OTMEC_MESSAGE_LEN] = "";
        otmec_error err = otmec_backend_available(static_cast<otmec_backend>(backend), msg, sizeof msg);
        return err == OTMEC_OK ? std::string() : std::string(msg[0] ? msg : otmec_strerror(err));
    });
}
