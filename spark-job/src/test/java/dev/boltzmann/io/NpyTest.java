package dev.boltzmann.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyTest {
    private static byte[] written(double[] data, long... shape) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, data, shape);
        return out.toByteArray();
    }

    /** A hand-made .npy file: version 1.0 header {@code dict} and {@code body}. */
    private static byte[] crafted(String dict, byte[] body) {
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        b.put(body);
        return b.array();
    }

    private static Npy.Array read(byte[] bytes, long[] shape) throws IOException {
        return Npy.read("x.npy", new ByteArrayInputStream(bytes), bytes.length, shape);
    }

    @Test
    void roundTripKeepsShapeAndValuesAndAlignsTheHeader() throws IOException {
        double[] data = {1.5, -2, 3e-300, Double.MAX_VALUE, 0, 7};
        byte[] bytes = written(data, 2, 3);
        assertEquals(0, (bytes.length - data.length * 8) % 64, "header must be padded to 64 bytes");
        Npy.Array a = read(bytes, new long[] {2, 3});
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(data, a.data());
        assertEquals(2, a.rows());
        assertEquals(3, a.cols());
        assertArrayEquals(new long[] {4}, read(written(new double[4], 4), null).shape());
    }

    @Test
    void fortranOrderIsReturnedInCOrderAndFloat32IsWidened() throws IOException {
        ByteBuffer body = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) { // column-major [[1,2,3],[4,5,6]]
            body.putDouble(v);
        }
        byte[] f = crafted("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", body.array());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, read(f, new long[] {2, 3}).data());
        ByteBuffer b32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-2f);
        byte[] g = crafted("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", b32.array());
        assertArrayEquals(new double[] {0.5, -2}, read(g, null).data());
    }

    @Test
    void craftedFilesAreRefusedBeforeAllocating() {
        String[][] cases = {
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }", "more than an array"},
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 1000), }", "truncated"},
            {"{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", "dtype '|O'"},
            {"{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", "dtype '>f8'"},
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", "bad dimension"},
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999, 99999999999999), }", "overflow"},
        };
        for (String[] c : cases) {
            BadInputException e = assertThrows(BadInputException.class,
                () -> read(crafted(c[0], new byte[16]), null), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void shapeMismatchPickleAndTruncationAreRefused() throws IOException {
        byte[] ok = written(new double[6], 2, 3);
        assertTrue(assertThrows(BadInputException.class, () -> read(ok, new long[] {3, 2})).getMessage()
            .contains("does not match [3, 2]"));
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 5);
        assertTrue(assertThrows(BadInputException.class, () -> read(cut, null)).getMessage().contains("truncated"));
        byte[] pickle = {(byte) 0x80, 0x04, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
        assertTrue(assertThrows(BadInputException.class, () -> read(pickle, null)).getMessage()
            .contains("not a .npy file"));
    }
}
