package dev.mheap4j.bench.cli;

import dev.mheap4j.bitmap.ArenaLayout;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code mheap4j layout}: the arena layout and the index math for one address. */
@Command(name = "layout", mixinStandardHelpOptions = true,
        description = {"Print the heap arena layout (linux/amd64 and windows/amd64) and where an address falls:"
                + " arena index, L1/L2 index, arena base, page in arena, pageInUse byte index and mask.", ""})
public final class LayoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS", defaultValue = "0xc000000000",
            converter = Address.class, description = "Address, hex (0x...) or decimal. Default: ${DEFAULT-VALUE}.")
    long address;

    @Option(names = "--os", paramLabel = "OS", defaultValue = "both",
            description = "linux, windows or both. Default: ${DEFAULT-VALUE}.")
    String os;

    @Override
    public Integer call() {
        List<ArenaLayout> layouts = switch (os.toLowerCase(Locale.ROOT)) {
            case "linux" -> List.of(ArenaLayout.LINUX_AMD64);
            case "windows" -> List.of(ArenaLayout.WINDOWS_AMD64);
            case "both" -> List.of(ArenaLayout.LINUX_AMD64, ArenaLayout.WINDOWS_AMD64);
            default -> throw new UsageException("--os must be linux, windows or both, got '" + os + "'");
        };
        PrintWriter out = spec.commandLine().getOut();
        out.printf("address 0x%x%n", address);
        for (ArenaLayout l : layouts) {
            out.println();
            out.println(describe(l, address));
        }
        out.flush();
        return 0;
    }

    /** The layout's constants and the index math for {@code addr}, as printed. */
    static String describe(ArenaLayout l, long addr) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: page %d KiB, arena %d MiB (%d pages, pageInUse bitmap %d bytes),"
                        + " %d address bits, arenaBaseOffset 0x%x, L1 %d bits, L2 %d bits%n", l.name(),
                l.pageSize() >> 10, l.heapArenaBytes() >> 20, l.pagesPerArena(), l.pageBitmapBytes(),
                l.heapAddrBits(), l.arenaBaseOffset(), l.arenaL1Bits(), l.arenaL2Bits()));
        if (!l.contains(addr)) {
            sb.append(String.format(Locale.ROOT, "  0x%x is outside the %d-bit heap address space%n", addr,
                    l.heapAddrBits()));
            return sb.toString();
        }
        long ai = l.arenaIndex(addr);
        var pi = l.pageIndexOf(addr);
        sb.append(String.format(Locale.ROOT,
                "  arena index     %d (0x%x) = (addr + arenaBaseOffset) / arena size%n", ai, ai));
        sb.append(String.format(Locale.ROOT, "  l1, l2          %d, %d%n", l.l1(ai), l.l2(ai)));
        sb.append(String.format(Locale.ROOT, "  arena base      0x%x%n", l.arenaBase(ai)));
        sb.append(String.format(Locale.ROOT, "  page in arena   %d%n", l.pageInArena(addr)));
        sb.append(String.format(Locale.ROOT, "  pageInUse byte  %d, mask 0x%02x%n", pi.byteIndex(),
                pi.mask() & 0xff));
        return sb.toString();
    }

    /** Hex (0x...) or decimal, as an unsigned 64-bit address. */
    static final class Address implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                String v = value.trim().toLowerCase(Locale.ROOT).replace("_", "");
                return v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseUnsignedLong(v);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not an address (hex 0x... or decimal)");
            }
        }
    }
}
