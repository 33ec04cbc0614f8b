package io.lottor.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcknowledgedOffsetsTest {

    @Test
    void commitsNothingUntilTheFirstHandedOutRecordIsAcknowledged() {
        AcknowledgedOffsets offsets = new AcknowledgedOffsets();
        offsets.handedOut(5);
        offsets.handedOut(6);
        offsets.handedOut(7);
        offsets.acknowledged(7);
        offsets.acknowledged(6);

        assertThat(offsets.toCommit()).isEqualTo(-1);
        assertThat(offsets.unacknowledged()).isEqualTo(1);
    }

    @Test
    void advancesOnlyOverTheContiguousAcknowledgedPrefix() {
        AcknowledgedOffsets offsets = new AcknowledgedOffsets();
        for (long offset = 5; offset <= 8; offset++) {
            offsets.handedOut(offset);
        }
        offsets.acknowledged(5);
        offsets.acknowledged(7);
        assertThat(offsets.toCommit()).isEqualTo(6);

        offsets.committed(6);
        assertThat(offsets.toCommit()).isEqualTo(-1);

        offsets.acknowledged(6);
        assertThat(offsets.toCommit()).isEqualTo(8);
        offsets.acknowledged(8);
        assertThat(offsets.toCommit()).isEqualTo(9);
        assertThat(offsets.unacknowledged()).isZero();
    }

    @Test
    void skipsGapsBetweenHandedOutOffsets() {
        AcknowledgedOffsets offsets = new AcknowledgedOffsets();
        offsets.handedOut(10);
        offsets.handedOut(14); // 11-13: a transaction marker or compacted away, never handed out
        offsets.acknowledged(14);
        offsets.acknowledged(10);

        assertThat(offsets.toCommit()).isEqualTo(15);
    }

    @Test
    void ignoresAnAcknowledgementOfAnOffsetNeverHandedOut() {
        AcknowledgedOffsets offsets = new AcknowledgedOffsets();
        offsets.handedOut(3);
        offsets.acknowledged(2);

        assertThat(offsets.toCommit()).isEqualTo(-1);
        assertThat(offsets.unacknowledged()).isEqualTo(1);
    }
}
