package io.lottor.server.store;

import io.lottor.server.model.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The position after the last item of a page, for keyset paging: a time (a group's {@code created_at}
 * or a message's {@code updated_at}), a group id and, for messages, a message id ({@code ""} for
 * groups). Clients see it only as an opaque base64url string made by {@link #encode()}.
 */
public record PageCursor(long time, String groupId, String messageId) {
    private static final int VERSION = 1;

    public PageCursor {
        messageId = messageId == null ? "" : messageId;
    }

    /** The opaque text form: base64url without padding. */
    public String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(time);
            out.writeUTF(groupId);
            out.writeUTF(messageId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    /**
     * Reads a cursor made by {@link #encode()}; {@code null} or blank gives {@code null} (first page).
     *
     * @throws InvalidArgumentException (field {@code cursor}) for any other text
     */
    public static PageCursor decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getUrlDecoder().decode(text)))) {
            if (in.readByte() != VERSION) {
                throw new IOException("unknown version");
            }
            PageCursor cursor = new PageCursor(in.readLong(), in.readUTF(), in.readUTF());
            if (in.read() != -1) {
                throw new IOException("trailing bytes");
            }
            return cursor;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArgumentException("cursor",
                    "cursor is not a next_cursor this server gave out; leave it out to start from the first page");
        }
    }
}
