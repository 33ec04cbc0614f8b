package io.lottor.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.model.LottorException;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void encodesAsUrlSafeTextAndDecodesToTheSamePosition() {
        PageCursor cursor = new PageCursor(1_700_000_000_123L, "order/1|ü?&", "m 1");

        String text = cursor.encode();

        assertThat(text).matches("[A-Za-z0-9_-]+");
        assertThat(PageCursor.decode(text)).isEqualTo(cursor);
        assertThat(PageCursor.decode(new PageCursor(5, "g", null).encode()).messageId()).isEmpty();
    }

    @Test
    void absentCursorIsTheFirstPage() {
        assertThat(PageCursor.decode(null)).isNull();
        assertThat(PageCursor.decode(" ")).isNull();
    }

    @Test
    void rejectsTextItDidNotMakeNamingTheCursorField() {
        byte[] valid = Base64.getUrlDecoder().decode(new PageCursor(1, "g", "m").encode());
        String trailing = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(valid, valid.length + 1));
        for (String garbage : new String[] {"%%", "bm9wZQ", "AgAAAAAAAAABAAFnAAFt", trailing}) {
            assertThatThrownBy(() -> PageCursor.decode(garbage)).as(garbage)
                    .isInstanceOf(InvalidArgumentException.class)
                    .satisfies(error -> assertThat(((LottorException) error).field()).isEqualTo("cursor"));
        }
    }
}
