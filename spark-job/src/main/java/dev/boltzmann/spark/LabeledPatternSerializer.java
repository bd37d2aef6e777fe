package dev.boltzmann.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.PackedBits;

/**
 * Kryo form of a {@link LabeledPattern}, as it is cached serialized and shipped between JVMs: a binary pattern's
 * units travel packed one bit each ({@link PackedBits}: 784 units in 104 bytes instead of 6,272); any other
 * pattern (probabilities, unknown units) keeps its doubles exactly. Either way the pattern read back equals the
 * one written, bit for bit.
 *
 * <p>Layout: label (nullable string), line, index (variable-length longs), width (variable-length int), a kind
 * byte ({@link #PACKED} or {@link #DOUBLES}), then the words or the doubles.
 */
final class LabeledPatternSerializer extends Serializer<LabeledPattern> {
    static final byte PACKED = 0;
    static final byte DOUBLES = 1;

    @Override
    public void write(Kryo kryo, Output out, LabeledPattern p) {
        double[] values = p.values();
        out.writeString(p.label());
        out.writeVarLong(p.line(), false);
        out.writeVarLong(p.index(), false);
        out.writeVarInt(values.length, true);
        if (PackedBits.isBinary(values)) {
            out.writeByte(PACKED);
            out.writeLongs(PackedBits.pack(values));
        } else {
            out.writeByte(DOUBLES);
            out.writeDoubles(values);
        }
    }

    @Override
    public LabeledPattern read(Kryo kryo, Input in, Class<LabeledPattern> type) {
        String label = in.readString();
        long line = in.readVarLong(false);
        long index = in.readVarLong(false);
        int width = in.readVarInt(true);
        byte kind = in.readByte();
        double[] values;
        if (kind == PACKED) {
            values = new double[width];
            PackedBits.unpack(in.readLongs(PackedBits.words(width)), 0, width, values, 0);
        } else if (kind == DOUBLES) {
            values = in.readDoubles(width);
        } else {
            throw new com.esotericsoftware.kryo.KryoException("LabeledPattern: unknown kind " + kind);
        }
        return new LabeledPattern(label, values, line, index);
    }
}
