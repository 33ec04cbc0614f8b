package io.lottor.server.coordinator;

import io.lottor.server.model.GroupState;
import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.model.Limits;
import io.lottor.server.model.MessageKey;
import io.lottor.server.store.GroupQuery;
import io.lottor.server.store.MessageQuery;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Checks the arguments of {@link AdminOperations}. Every error is an {@link InvalidArgumentException}
 * naming the field (the HTTP API's parameter names) and the limit.
 */
public final class AdminValidator {
    /** Characters in an operator's name. */
    public static final int MAX_ACTOR_LENGTH = 64;
    /** Characters in an operator's reason. */
    public static final int MAX_REASON_LENGTH = 1024;

    private final Limits limits;
    private final GroupValidator groups;

    public AdminValidator(Limits limits) {
        this.limits = limits;
        this.groups = new GroupValidator(limits);
    }

    /**
     * The enum constants {@code names} name, e.g. {@code ["DEAD", "FAILED"]}; an empty collection gives
     * an empty set. Throws InvalidArgumentException on {@code field} naming the allowed values.
     */
    public static <E extends Enum<E>> Set<E> states(String field, Collection<String> names, Class<E> type) {
        Set<E> states = EnumSet.noneOf(type);
        for (String name : names) {
            try {
                states.add(Enum.valueOf(type, name.trim()));
            } catch (IllegalArgumentException e) {
                throw new InvalidArgumentException(field, field + " \"" + name + "\" is not one of "
                        + Arrays.toString(type.getEnumConstants()));
            }
        }
        return states;
    }

    void requireGroupQuery(GroupQuery query) {
        requireLimit(query.limit());
        requireRange(query.from(), query.to());
        optional("source", query.source(), limits.maxNameLength());
        optional("target", query.target(), limits.maxNameLength());
        optional("id_prefix", query.idPrefix(), limits.maxGroupIdLength());
    }

    void requireMessageQuery(MessageQuery query) {
        requireLimit(query.limit());
        requireRange(query.from(), query.to());
        optional("source", query.source(), limits.maxNameLength());
        optional("target", query.target(), limits.maxNameLength());
        optional("method", query.method(), limits.maxNameLength());
        optional("group_id", query.groupId(), limits.maxGroupIdLength());
    }

    void requireMessageKey(MessageKey key) {
        groups.requireGroupId(key.groupId());
        if (key.messageId() == null || key.messageId().isBlank()) {
            throw new InvalidArgumentException("message_id", "message_id must not be empty (1 to "
                    + limits.maxIdLength() + " characters)");
        }
        optional("message_id", key.messageId(), limits.maxIdLength());
    }

    void optionalActorAndReason(String actor, String reason) {
        optional("actor", actor, MAX_ACTOR_LENGTH);
        optional("reason", reason, MAX_REASON_LENGTH);
    }

    /** Checks a resolve; answers the outcome as a state. */
    GroupState requireResolution(String groupId, String outcome, String actor, String reason) {
        groups.requireGroupId(groupId);
        if (!"COMMITTED".equals(outcome) && !"ROLLED_BACK".equals(outcome)) {
            throw new InvalidArgumentException("outcome", "outcome must be COMMITTED or ROLLED_BACK, got "
                    + (outcome == null ? "none" : "\"" + outcome + "\""));
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidArgumentException("reason", "reason must not be empty (1 to " + MAX_REASON_LENGTH
                    + " characters): say why the group is resolved this way");
        }
        optionalActorAndReason(actor, reason);
        return GroupState.valueOf(outcome);
    }

    private static void requireLimit(int limit) {
        if (limit < 1 || limit > AdminOperations.MAX_LIMIT) {
            throw new InvalidArgumentException("limit", "limit must be 1 to " + AdminOperations.MAX_LIMIT + ", got "
                    + limit);
        }
    }

    private static void requireRange(Long from, Long to) {
        if (from != null && to != null && from >= to) {
            throw new InvalidArgumentException("to", "to must be after from (from is inclusive, to exclusive)");
        }
    }

    private static void optional(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidArgumentException(field, field + " is " + value.length()
                    + " characters, over the limit of " + max);
        }
    }
}
