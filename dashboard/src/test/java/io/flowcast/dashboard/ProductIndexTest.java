package io.flowcast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProductIndexTest {
    @Test
    void shouldFindByPrefixFirstThenBySubstringIgnoringCase() {
        ProductIndex index = new ProductIndex();
        for (int i = 0; i < 100_000; i++) {
            index.add(String.format("SKU-%06d", i));
        }
        index.add("Red MUG-12");

        assertThat(index.size()).isEqualTo(100_001);
        assertThat(index.search("sku-0001", 20)).hasSize(20).first().isEqualTo("SKU-000100");
        assertThat(index.search("mug", 5)).containsExactly("Red MUG-12");
        // prefix hits come before substring hits: "sku-0999" prefixes 100 ids, "099999" only ends one
        assertThat(index.search("099999", 5)).containsExactly("SKU-099999");
        assertThat(index.search("red", 5)).containsExactly("Red MUG-12");
        assertThat(index.search("nothing like it", 5)).isEmpty();
    }

    @Test
    void shouldMergeIdsAddedSinceTheSnapshotInOrder() {
        ProductIndex index = new ProductIndex();
        for (int i = 0; i < ProductIndex.REBUILD_AT_PENDING; i++) {
            index.add(String.format("P%05d", i * 2)); // even ids: enough to build the sorted snapshot
        }
        assertThat(index.search("P0000", 3)).containsExactly("P00000", "P00002", "P00004");
        index.add("P00001"); // pending, not yet in the snapshot
        index.add("X-P00003");
        assertThat(index.search("p0000", 3)).containsExactly("P00000", "P00001", "P00002");
        assertThat(index.search("00003", 5)).containsExactly("X-P00003");
    }

    @Test
    void shouldSeeIdsAddedAfterASearch() {
        ProductIndex index = new ProductIndex();
        index.add("B");
        assertThat(index.search("", 10)).containsExactly("B");
        assertThat(index.add("A")).isTrue();
        assertThat(index.add("A")).isFalse();
        assertThat(index.search("", 10)).containsExactly("A", "B");
    }
}
