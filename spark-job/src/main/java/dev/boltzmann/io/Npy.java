package dev.boltzmann.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} arrays: the project writes float64 little-endian C-order arrays (version 1.0 headers) that
 * {@code np.load} reads, and reads them back without trusting the file.
 *
 * <p>The reader parses the header itself (no pickle, no object arrays) and accepts only {@code <f8} and
 * {@code <f4} data in C or Fortran order, with a shape of non-negative dimensions whose product fits in an int.
 * It checks the shape against what the caller expects and against the bytes the file really has before it
 * allocates anything, so a crafted header that claims 10^12 elements fails with a message, not an
 * out-of-memory error. Fortran-order data is returned in C order.
 *
 * <p>Format reference: numpy/doc/neps/nep-0001-npy-format.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** A decoded array: its shape and its values in C (row-major) order. */
    public record Array(long[] shape, double[] data) {
        /** Number of rows (first dimension; 1 for a 0-d array). */
        public int rows() {
            return shape.length == 0 ? 1 : (int) shape[0];
        }

        /** Product of the dimensions after the first (1 for 0-d and 1-d arrays). */
        public int cols() {
            long c = 1;
            for (int k = 1; k < shape.length; k++) {
                c *= shape[k];
            }
            return (int) c;
        }
    }

    /**
     * Writes {@code data} with the given shape as {@code <f8}, C order.
     *
     * @throws IllegalArgumentException if the shape's product is not {@code data.length}
     */
    public static void write(OutputStream out, double[] data, long... shape) throws IOException {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                + " values, the data has " + data.length);
        }
        StringBuilder dims = new StringBuilder();
        for (int k = 0; k < shape.length; k++) {
            dims.append(shape[k]).append(shape.length == 1 ? "," : k + 1 < shape.length ? ", " : "");
        }
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(1);
        head.write(0);
        int len = header.length();
        head.write(len & 0xff);
        head.write((len >>> 8) & 0xff);
        head.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(head.toByteArray());
        ByteBuffer buf = ByteBuffer.allocate(8 * 8192).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; i++) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putDouble(data[i]);
        }
        out.write(buf.array(), 0, buf.position());
    }

    /**
     * Reads an array, checking its shape.
     *
     * @param name the file name, for messages
     * @param in the stream (read to the end of the array's data)
     * @param fileLength the file's length in bytes, or -1 if unknown
     * @param expectedShape the shape the caller needs, or null to accept any (still bounded by the file size)
     * @throws BadInputException on anything but a well-formed float array of the expected shape
     */
    public static Array read(String name, InputStream in, long fileLength, long[] expectedShape) throws IOException {
        DataInputStream din = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        try {
            din.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new BadInputException(name + ": not a .npy file (bad magic bytes)");
            }
            int major = din.readUnsignedByte();
            din.readUnsignedByte();
            long headerLen;
            int prefix;
            if (major == 1) {
                headerLen = din.readUnsignedByte() | (din.readUnsignedByte() << 8);
                prefix = 10;
            } else if (major == 2 || major == 3) {
                headerLen = Integer.toUnsignedLong(Integer.reverseBytes(din.readInt()));
                prefix = 12;
            } else {
                throw new BadInputException(name + ": unsupported .npy format version " + major);
            }
            if (headerLen > MAX_HEADER || (fileLength >= 0 && prefix + headerLen > fileLength)) {
                throw new BadInputException(name + ": .npy header length " + headerLen + " is implausible");
            }
            byte[] hb = new byte[(int) headerLen];
            din.readFully(hb);
            String header = new String(hb, StandardCharsets.ISO_8859_1);
            String descr = match(name, DESCR, header, "descr");
            boolean fortran = "True".equals(match(name, FORTRAN, header, "fortran_order"));
            long[] shape = parseShape(name, match(name, SHAPE, header, "shape"));
            int itemSize;
            if ("<f8".equals(descr)) {
                itemSize = 8;
            } else if ("<f4".equals(descr)) {
                itemSize = 4;
            } else {
                throw new BadInputException(name + ": dtype '" + descr
                    + "' is not accepted (only little-endian float64 '<f8' or float32 '<f4')");
            }
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new BadInputException(name + ": shape " + Arrays.toString(shape) + " has " + count
                    + " elements, more than an array can hold");
            }
            if (expectedShape != null && !Arrays.equals(shape, expectedShape)) {
                throw new BadInputException(name + ": shape " + Arrays.toString(shape) + " does not match "
                    + Arrays.toString(expectedShape) + " given by metadata.json");
            }
            long need = count * itemSize;
            if (fileLength >= 0 && prefix + headerLen + need > fileLength) {
                throw new BadInputException(name + ": truncated: shape " + Arrays.toString(shape) + " needs "
                    + need + " data bytes, the file has " + (fileLength - prefix - headerLen));
            }
            double[] data = new double[(int) count];
            byte[] chunk = new byte[8 * 8192];
            ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            int done = 0;
            while (done < count) {
                int take = (int) Math.min(chunk.length / itemSize, count - done);
                din.readFully(chunk, 0, take * itemSize);
                bb.clear();
                for (int k = 0; k < take; k++) {
                    data[done + k] = itemSize == 8 ? bb.getDouble() : bb.getFloat();
                }
                done += take;
            }
            if (fortran && shape.length > 1) {
                data = fortranToC(data, shape);
            }
            return new Array(shape, data);
        } catch (EOFException e) {
            throw new BadInputException(name + ": truncated .npy file", e);
        } catch (ArithmeticException e) {
            throw new BadInputException(name + ": shape overflows", e);
        }
    }

    private static String match(String name, Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new BadInputException(name + ": .npy header has no valid '" + key + "' entry");
        }
        return m.group(1);
    }

    private static long[] parseShape(String name, String text) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.matches("\\d{1,18}L?")) {
                throw new BadInputException(name + ": bad dimension '" + t + "' in .npy shape");
            }
            dims.add(Long.parseLong(t.replace("L", "")));
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static double[] fortranToC(double[] f, long[] shape) {
        int d = shape.length;
        int[] dims = new int[d];
        for (int k = 0; k < d; k++) {
            dims[k] = (int) shape[k];
        }
        double[] c = new double[f.length];
        int[] idx = new int[d];
        for (int flat = 0; flat < f.length; flat++) {
            // idx is the multi-index of position `flat` in Fortran order (first index fastest)
            int cPos = 0;
            for (int k = 0; k < d; k++) {
                cPos = cPos * dims[k] + idx[k];
            }
            c[cPos] = f[flat];
            for (int k = 0; k < d; k++) {
                if (++idx[k] < dims[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return c;
    }
}
