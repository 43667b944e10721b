// Writing and reading the HDF5 files of otmec mc --instances and
// --save-allocations from a test, with the HDF5 C API (as h5py lays them out:
// a C-ordered numpy array [R, N] is a dataset of dims [R, N]).
#pragma once

#include "otmec_config.h"

#if OTMEC_HAVE_HDF5
#include <hdf5.h>

#include <string>
#include <vector>

// A dataset of doubles (or of `type`, converted from the doubles) with
// the given dims; returns false on failure.
inline bool h5_write(hid_t loc, const std::string &name, const std::vector<hsize_t> &dims,
                     const std::vector<double> &values, hid_t type = H5T_IEEE_F64LE)
{
    hid_t space = H5Screate_simple((int)dims.size(), dims.data(), nullptr);
    hid_t set = H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    bool ok = set >= 0 && H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0;
    if (set >= 0)
        H5Dclose(set);
    H5Sclose(space);
    return ok;
}

// A string dataset: numbers of the wrong type.
inline bool h5_write_strings(hid_t loc, const std::string &name, hsize_t rows, hsize_t cols)
{
    hid_t str = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, 4);
    hsize_t dims[2] = { rows, cols };
    hid_t space = H5Screate_simple(2, dims, nullptr);
    std::vector<char> text(rows * cols * 4, 'x');
    hid_t set = H5Dcreate2(loc, name.c_str(), str, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    bool ok = set >= 0 && H5Dwrite(set, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()) >= 0;
    if (set >= 0)
        H5Dclose(set);
    H5Sclose(space);
    H5Tclose(str);
    return ok;
}

// A scalar attribute of a number (or a string when text is not null).
inline bool h5_attr(hid_t loc, const std::string &name, double value, const char *text = nullptr)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t type = text ? H5Tcopy(H5T_C_S1) : H5Tcopy(H5T_IEEE_F64LE);
    if (text)
        H5Tset_size(type, strlen(text) + 1);
    hid_t attr = H5Acreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
    bool ok = attr >= 0 && (text ? H5Awrite(attr, type, text) : H5Awrite(attr, H5T_NATIVE_DOUBLE, &value)) >= 0;
    if (attr >= 0)
        H5Aclose(attr);
    H5Tclose(type);
    H5Sclose(space);
    return ok;
}

// Reads a whole dataset as doubles; empty when it cannot.
inline std::vector<double> h5_read(const std::string &path, const std::string &name, std::vector<hsize_t> *dims)
{
    std::vector<double> out;
    hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t set = file >= 0 ? H5Dopen2(file, name.c_str(), H5P_DEFAULT) : -1;
    hid_t space = set >= 0 ? H5Dget_space(set) : -1;
    if (space >= 0) {
        int rank = H5Sget_simple_extent_ndims(space);
        dims->assign((size_t)rank, 0);
        H5Sget_simple_extent_dims(space, dims->data(), nullptr);
        hssize_t n = H5Sget_simple_extent_npoints(space);
        out.resize((size_t)n);
        if (H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
            out.clear();
        H5Sclose(space);
    }
    if (set >= 0)
        H5Dclose(set);
    if (file >= 0)
        H5Fclose(file);
    return out;
}
#endif
