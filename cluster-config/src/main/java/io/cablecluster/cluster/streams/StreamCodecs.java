package io.cablecluster.cluster.streams;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.streams.HistoryLimits;
import io.cablecluster.core.streams.StreamPosition;
import java.io.IOException;
import java.util.ArrayList;

/**
 * Field-by-field serializers for what every subscribe, unsubscribe and broadcast sends to a stream's home and
 * back (and the backup's copy of each change). Java serialization wrote each record's class description with
 * every call, which made a follow several times dearer than the work it does at the home. Records kept only
 * for migration (a home's whole state) stay Java-serialized: they move rarely.
 */
final class StreamCodecs {
  /** Type ids: positive, unique within the cluster's serialization config. */
  private static final int FIRST_ID = 7101;

  private StreamCodecs() {
  }

  static void register(SerializationConfig config) {
    int id = FIRST_ID;
    add(config, Broadcast.class, id++, (out, b) -> {
      out.writeString(b.stream());
      out.writeString(b.data());
      out.writeString(b.excludeSocket());
      out.writeBoolean(b.isTransient());
      out.writeString(b.broadcastType());
      out.writeString(b.epoch());
      out.writeLong(b.offset());
    }, in -> new Broadcast(in.readString(), in.readString(), in.readString(), in.readBoolean(), in.readString(),
        in.readString(), in.readLong()));
    add(config, StreamPosition.class, id++, (out, p) -> {
      out.writeString(p.epoch());
      out.writeLong(p.offset());
    }, in -> new StreamPosition(in.readString(), in.readLong()));
    add(config, HistoryLimits.class, id++, (out, l) -> {
      out.writeInt(l.limit());
      out.writeLong(l.ttlMillis());
      out.writeLong(l.maxBytesPerStream());
    }, in -> new HistoryLimits(in.readInt(), in.readLong(), in.readLong()));
    add(config, Appends.Append.class, id++, (out, a) -> {
      out.writeObject(a.broadcast());
      out.writeString(a.messageId());
      out.writeString(a.newEpoch());
      out.writeLong(a.nowMillis());
      out.writeObject(a.limits());
      out.writeLong(a.windowMillis());
    }, in -> new Appends.Append(in.readObject(), in.readString(), in.readString(), in.readLong(), in.readObject(),
        in.readLong()));
    add(config, Appends.Routed.class, id++, (out, r) -> {
      out.writeObject(r.position());
      writeList(out, r.nodes(), ObjectDataOutput::writeString);
    }, in -> new Appends.Routed(in.readObject(), readList(in, ObjectDataInput::readString)));
    add(config, Appends.Follow.class, id++, (out, f) -> {
      out.writeString(f.node());
      out.writeLong(f.version());
      out.writeBoolean(f.on());
      out.writeString(f.newEpoch());
      out.writeLong(f.ttlMillis());
    }, in -> new Appends.Follow(in.readString(), in.readLong(), in.readBoolean(), in.readString(), in.readLong()));
    add(config, Appends.Position.class, id++, (out, p) -> {
    }, in -> new Appends.Position());
    add(config, Appends.After.class, id++, (out, a) -> {
      out.writeString(a.epoch());
      out.writeLong(a.offset());
      out.writeLong(a.cutoffMillis());
    }, in -> new Appends.After(in.readString(), in.readLong(), in.readLong()));
    add(config, Appends.Answer.class, id++, (out, a) -> {
      writeList(out, a.messages(), ObjectDataOutput::writeObject);
      out.writeBoolean(a.unknownEpoch());
    }, in -> new Appends.Answer(readList(in, ObjectDataInput::readObject), in.readBoolean()));
    add(config, Appends.Since.class, id++, (out, s) -> {
      out.writeLong(s.sinceMillis());
      out.writeLong(s.cutoffMillis());
    }, in -> new Appends.Since(in.readLong(), in.readLong()));
    add(config, Appends.Forget.class, id, (out, f) -> out.writeString(f.node()),
        in -> new Appends.Forget(in.readString()));
  }

  private interface Writer<T> {
    void write(ObjectDataOutput out, T value) throws IOException;
  }

  private interface Reader<T> {
    T read(ObjectDataInput in) throws IOException;
  }

  private record Codec<T>(int typeId, Writer<T> writer, Reader<T> reader) implements StreamSerializer<T> {
    @Override
    public void write(ObjectDataOutput out, T value) throws IOException {
      writer.write(out, value);
    }

    @Override
    public T read(ObjectDataInput in) throws IOException {
      return reader.read(in);
    }

    @Override
    public int getTypeId() {
      return typeId;
    }
  }

  private static <T> void add(SerializationConfig config, Class<T> type, int typeId, Writer<T> writer,
                              Reader<T> reader) {
    config.addSerializerConfig(new SerializerConfig().setTypeClass(type)
        .setImplementation(new Codec<>(typeId, writer, reader)));
  }

  /** A list (null: -1) element by element. */
  private static <T> void writeList(ObjectDataOutput out, ArrayList<T> list, Writer<T> element) throws IOException {
    out.writeInt(list == null ? -1 : list.size());
    if (list != null) {
      for (T value : list) {
        element.write(out, value);
      }
    }
  }

  private static <T> ArrayList<T> readList(ObjectDataInput in, Reader<T> element) throws IOException {
    int size = in.readInt();
    if (size < 0) {
      return null;
    }
    ArrayList<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(element.read(in));
    }
    return list;
  }
}
