package cheaplab.linalg;

import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.ResourceScope;
import jdk.incubator.foreign.SymbolLookup;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

/**
 * Calls into one loaded copy of OpenBLAS by path: {@code openblas_get_config}, {@code openblas_get_corename},
 * {@code openblas_get_num_threads} and {@code openblas_set_num_threads}, which JavaCPP's presets do not map (its
 * {@code blas_set_num_threads} reaches whichever copy the symbol lookup finds first). The copy is found with
 * {@code dlopen(path, RTLD_NOLOAD)}, which returns the handle of the already loaded library without loading
 * anything, so each copy ND4J and the labs load is reached separately (see {@link OpenBlasLibraries}).
 *
 * <p>Uses the JDK 17 foreign-function API ({@code jdk.incubator.foreign}): only touched when that module is in
 * the boot layer ({@code --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED}); otherwise
 * {@link OpenBlasLibraries} reports the kernel as unknown and sets threads through JavaCPP.
 */
final class ForeignOpenBlas {
    private static final int RTLD_NOW = 0x2, RTLD_NOLOAD = 0x4;

    private final MethodHandle config, corename, getThreads, setThreads;

    private ForeignOpenBlas(MethodHandle config, MethodHandle corename, MethodHandle getThreads, MethodHandle setThreads) {
        this.config = config;
        this.corename = corename;
        this.getThreads = getThreads;
        this.setThreads = setThreads;
    }

    /** The already loaded library at {@code file}; throws if it is not loaded or lacks the OpenBLAS functions. */
    static ForeignOpenBlas of(Path file) {
        CLinker c = CLinker.getInstance();
        SymbolLookup libc = CLinker.systemLookup();
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            MethodHandle dlopen = c.downcallHandle(libc.lookup("dlopen").orElseThrow(),
                    MethodType.methodType(MemoryAddress.class, MemoryAddress.class, int.class),
                    FunctionDescriptor.of(CLinker.C_POINTER, CLinker.C_POINTER, CLinker.C_INT));
            MethodHandle dlsym = c.downcallHandle(libc.lookup("dlsym").orElseThrow(),
                    MethodType.methodType(MemoryAddress.class, MemoryAddress.class, MemoryAddress.class),
                    FunctionDescriptor.of(CLinker.C_POINTER, CLinker.C_POINTER, CLinker.C_POINTER));
            MemoryAddress handle = (MemoryAddress) dlopen.invokeExact(CLinker.toCString(file.toString(), scope).address(),
                    RTLD_NOW | RTLD_NOLOAD);
            if (handle.equals(MemoryAddress.NULL)) throw new IllegalStateException(file + " is not loaded");
            MemoryAddress[] f = new MemoryAddress[4];
            String[] names = {"openblas_get_config", "openblas_get_corename", "openblas_get_num_threads", "openblas_set_num_threads"};
            for (int i = 0; i < names.length; i++) {
                f[i] = (MemoryAddress) dlsym.invokeExact(handle, CLinker.toCString(names[i], scope).address());
                if (f[i].equals(MemoryAddress.NULL)) throw new IllegalStateException(file + " has no " + names[i]);
            }
            MethodType string = MethodType.methodType(MemoryAddress.class);
            FunctionDescriptor stringD = FunctionDescriptor.of(CLinker.C_POINTER);
            return new ForeignOpenBlas(c.downcallHandle(f[0], string, stringD), c.downcallHandle(f[1], string, stringD),
                    c.downcallHandle(f[2], MethodType.methodType(int.class), FunctionDescriptor.of(CLinker.C_INT)),
                    c.downcallHandle(f[3], MethodType.methodType(void.class, int.class), FunctionDescriptor.ofVoid(CLinker.C_INT)));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot reach OpenBLAS in " + file + ": " + t, t);
        }
    }

    String config() {
        try {
            return CLinker.toJavaString((MemoryAddress) config.invokeExact());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    String corename() {
        try {
            return CLinker.toJavaString((MemoryAddress) corename.invokeExact());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    int threads() {
        try {
            return (int) getThreads.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void setThreads(int n) {
        try {
            setThreads.invokeExact(n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
