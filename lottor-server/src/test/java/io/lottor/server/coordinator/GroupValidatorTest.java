package io.lottor.server.coordinator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.model.Limits;
import io.lottor.server.model.LottorException;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NewMessage;
import io.lottor.server.model.ResourceExhaustedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupValidatorTest {
    private final GroupValidator validator = new GroupValidator(Limits.DEFAULTS);

    @Test
    void acceptsAWellFormedGroup() {
        assertThatCode(() -> validator.validate(group("ok", List.of(message("m1"))))).doesNotThrowAnyException();
    }

    @Test
    void rejectsEmptyAndOverLongGroupIds() {
        assertThatThrownBy(() -> validator.validate(group("", List.of(message("m1")))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("group_id").hasMessageContaining("64");
        assertThatThrownBy(() -> validator.validate(group("g".repeat(65), List.of(message("m1")))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("group_id is 65 characters, over the limit of 64");
    }

    @Test
    void rejectsGroupsWithoutMessagesOrWithTooMany() {
        assertThatThrownBy(() -> validator.validate(group("g", List.of())))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("messages");
        List<NewMessage> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(message("m" + i));
        }
        assertThatThrownBy(() -> validator.validate(group("g", many)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("1000");
    }

    @Test
    void rejectsDuplicateMessageIdsNamingTheSecond() {
        assertThatThrownBy(() -> validator.validate(group("g", List.of(message("m1"), message("m1")))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("messages[1].message_id")
                .extracting(e -> ((LottorException) e).field()).isEqualTo("messages[1].message_id");
    }

    @Test
    void rejectsEmptyTargetAndMethod() {
        NewMessage noTarget = new NewMessage("m1", "", "auth-role", new byte[0], null, Map.of());
        NewMessage noMethod = new NewMessage("m1", "auth", " ", new byte[0], null, Map.of());
        assertThatThrownBy(() -> validator.validate(group("g", List.of(noTarget))))
                .hasMessageContaining("messages[0].target must not be empty");
        assertThatThrownBy(() -> validator.validate(group("g", List.of(noMethod))))
                .hasMessageContaining("messages[0].method must not be empty");
    }

    @Test
    void rejectsOverSizePayloadAndRequestAsResourceExhausted() {
        NewMessage big = new NewMessage("m1", "auth", "auth-role", new byte[(1 << 20) + 1], null, Map.of());
        assertThatThrownBy(() -> validator.validate(group("g", List.of(big))))
                .isInstanceOf(ResourceExhaustedException.class)
                .hasMessageContaining("messages[0].payload").hasMessageContaining("1048576");
        List<NewMessage> fiveMiB = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fiveMiB.add(new NewMessage("m" + i, "auth", "auth-role", new byte[1 << 20], null, Map.of()));
        }
        assertThatThrownBy(() -> validator.validate(group("g", fiveMiB)))
                .isInstanceOf(ResourceExhaustedException.class)
                .hasMessageContaining("request").hasMessageContaining("4194304");
    }

    private static NewGroup group(String id, List<NewMessage> messages) {
        return new NewGroup(id, "user", "user-1", messages, 0, Map.of());
    }

    private static NewMessage message(String id) {
        return new NewMessage(id, "auth", "auth-role", "{}".getBytes(), null, Map.of());
    }
}
