package dev.mheap4j.bitmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArenaPageBitmapsTest {

    @ParameterizedTest
    @EnumSource(BitmapKind.class)
    void linuxArenaHas1024ByteBitmapsAndAlwaysAtomicMarks(BitmapKind kind) {
        ArenaPageBitmaps arena = new ArenaPageBitmaps(ArenaLayout.LINUX_AMD64, kind);
        assertThat(arena.layout()).isSameAs(ArenaLayout.LINUX_AMD64);
        assertThat(arena.pageInUse().sizeBytes()).isEqualTo(1024);
        assertThat(arena.pageMarks().sizeBytes()).isEqualTo(1024);
        assertThat(arena.pageInUse()).isInstanceOf(kind == BitmapKind.ATOMIC
                ? AtomicByteBitmap.class : PlainByteBitmap.class);
        assertThat(arena.pageMarks()).isInstanceOf(AtomicByteBitmap.class);
    }

    @Test
    void windowsArenaHas64ByteBitmaps() {
        ArenaPageBitmaps arena = new ArenaPageBitmaps(ArenaLayout.WINDOWS_AMD64, BitmapKind.ATOMIC);
        assertThat(arena.pageInUse().sizeBytes()).isEqualTo(64);
        assertThat(arena.pageMarks().sizeBytes()).isEqualTo(64);
    }

    @ParameterizedTest
    @EnumSource(BitmapKind.class)
    void pageIndexOfAddressesOneBitInEachBitmapIndependently(BitmapKind kind) {
        ArenaLayout layout = ArenaLayout.LINUX_AMD64;
        ArenaPageBitmaps arena = new ArenaPageBitmaps(layout, kind);
        PageIndex last = layout.pageIndexOf(0xc003ffe000L);
        arena.pageInUse().or8(last.byteIndex(), last.mask());
        PageIndex fifth = layout.pageIndexOf(0xc00000a064L);
        arena.pageMarks().or8(fifth.byteIndex(), fifth.mask());

        assertThat(arena.pageInUse().load64(127)).isEqualTo(0x8000_0000_0000_0000L);
        assertThat(arena.pageInUse().load64(0)).isZero();
        assertThat(arena.pageMarks().load64(0)).isEqualTo(0x20L);
        assertThat(arena.pageMarks().load64(127)).isZero();
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> new ArenaPageBitmaps(null, BitmapKind.ATOMIC))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("layout");
        assertThatThrownBy(() -> new ArenaPageBitmaps(ArenaLayout.LINUX_AMD64, (BitmapKind) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("pageInUseKind");
        assertThatThrownBy(() -> new ArenaPageBitmaps(ArenaLayout.LINUX_AMD64, (ByteBitmap) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("pageInUse");
    }

    @Test
    void aSuppliedPageInUseIsUsedAsIsWhenItFitsTheLayout() {
        ByteBitmap mine = new PlainByteBitmap(1024);
        ArenaPageBitmaps arena = new ArenaPageBitmaps(ArenaLayout.LINUX_AMD64, mine);
        assertThat(arena.pageInUse()).isSameAs(mine);
        assertThat(arena.pageMarks()).isInstanceOf(AtomicByteBitmap.class);
        assertThatThrownBy(() -> new ArenaPageBitmaps(ArenaLayout.LINUX_AMD64, new PlainByteBitmap(64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
    }
}
