"""Writes the .npy fixtures of NpyTest with NumPy (run from this folder: python3 make_fixtures.py).

Every array is v(i) = (i * 7) % 11 - 3 over C-order index i, shaped and typed as named, so the
Java test rebuilds the expected values from the same formula. Made with NumPy 2.4.
"""
import numpy as np


def values(shape, dtype):
    n = int(np.prod(shape))
    return ((np.arange(n) * 7) % 11 - 3).reshape(shape).astype(dtype)


np.save("f4_2x3.npy", values((2, 3), "<f4") / np.float32(4))          # quarters: exact in float
np.save("f8_4.npy", values((4,), "<f8") / 8)
np.save("i4_3x1x2.npy", values((3, 1, 2), "<i4"))
np.save("i8_5.npy", values((5,), "<i8") * 10**12)
np.save("u1_2x2.npy", (values((2, 2), "<i4") + 3).astype("u1"))
np.save("b1_3.npy", values((3,), "<i4") > 0)
np.save("f4_scalar.npy", np.float32(2.5))
np.save("f8_big_endian_2x2.npy", values((2, 2), ">f8"))
np.save("i4_fortran_2x3.npy", np.asfortranarray(values((2, 3), "<i4")))
np.save("c8_2.npy", np.array([1 + 2j, 3], dtype="<c8"))
