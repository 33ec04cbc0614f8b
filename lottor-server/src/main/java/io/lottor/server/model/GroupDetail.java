package io.lottor.server.model;

import java.util.List;

/** A group with its messages and its history, oldest event first. */
public record GroupDetail(GroupView group, List<GroupEvent> history) {
    public GroupDetail {
        history = List.copyOf(history);
    }
}
