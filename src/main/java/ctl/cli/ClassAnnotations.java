package ctl.cli;

import picocli.CommandLine;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The picocli annotations of a class and of its fields, read from its class file, as objects
 * that implement the annotation interfaces. Issue 11: asked by reflection, the JDK makes each
 * annotation a {@link java.lang.reflect.Proxy}, and generating those proxy classes (Command,
 * Option, Mixin, Parameters, Spec, and Retention and Target for each of them) was about a
 * quarter of a one-row task's start-up; no class archive can hold them. These are ordinary
 * classes, archived like the rest. A member the class file leaves out has the default that the
 * annotation interface's method gives. {@code CommandModelTest} holds them equal, member by
 * member, to what reflection returns, for every class of the command table.
 */
final class ClassAnnotations {
    /** A class file this does not read: the command is then modelled by picocli's reflection. */
    static final class Unsupported extends Exception {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    /** The picocli annotations of a field, by annotation interface, in the order of the class file. */
    record FieldAnnotations(String name, Map<Class<? extends Annotation>, Annotation> annotations) {}

    /** The picocli annotations of the class itself, and those of its fields in declaration order. */
    record Annotated(Map<Class<? extends Annotation>, Annotation> annotations, List<FieldAnnotations> fields) {
        <A extends Annotation> A get(Class<A> type) {
            return type.cast(annotations.get(type));
        }
    }

    private static final Map<String, Class<? extends Annotation>> SUPPORTED = Map.of(
            "Lpicocli/CommandLine$Command;", CommandLine.Command.class,
            "Lpicocli/CommandLine$Option;", CommandLine.Option.class,
            "Lpicocli/CommandLine$Parameters;", CommandLine.Parameters.class,
            "Lpicocli/CommandLine$Mixin;", CommandLine.Mixin.class,
            "Lpicocli/CommandLine$ArgGroup;", CommandLine.ArgGroup.class,
            "Lpicocli/CommandLine$Spec;", CommandLine.Spec.class);

    /** Each annotation interface's members: their types and defaults. */
    private static final Map<Class<?>, Map<String, Member>> MEMBERS = new ConcurrentHashMap<>();

    private record Member(Class<?> type, Object defaultValue) {}

    private ClassAnnotations() {}

    /** The picocli annotations of this class (not of its superclasses) and of its fields. */
    static Annotated of(Class<?> cls) throws Unsupported {
        ClassFile file = ClassFile.read(cls);
        Map<Class<? extends Annotation>, Annotation> own = annotations(cls, file.annotations);
        List<FieldAnnotations> fields = new ArrayList<>();
        for (ClassFile.Element field : file.fields) {
            Map<Class<? extends Annotation>, Annotation> annotations = annotations(cls, field.annotations());
            if (!annotations.isEmpty()) {
                fields.add(new FieldAnnotations(field.name(), annotations));
            }
        }
        for (ClassFile.Element method : file.methods) {
            if (method.annotations().keySet().stream().anyMatch(type -> type.startsWith("Lpicocli/"))) {
                throw new Unsupported("a picocli annotation on method " + cls.getName() + "." + method.name());
            }
        }
        return new Annotated(own, fields);
    }

    private static Map<Class<? extends Annotation>, Annotation> annotations(Class<?> owner, Map<String, Map<String, Object>> raw)
            throws Unsupported {
        Map<Class<? extends Annotation>, Annotation> result = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> annotation : raw.entrySet()) {
            String type = annotation.getKey();
            if (!type.startsWith("Lpicocli/")) {
                continue; // not picocli's: nothing the model reads
            }
            Class<? extends Annotation> cls = SUPPORTED.get(type);
            if (cls == null) {
                throw new Unsupported(type + " on " + owner.getName());
            }
            result.put(cls, instance(cls, values(owner, cls, annotation.getValue())));
        }
        return result;
    }

    /** Every member's value, as reflection would return it: the class file's, else the default. */
    private static Map<String, Object> values(Class<?> owner, Class<? extends Annotation> type, Map<String, Object> given)
            throws Unsupported {
        Map<String, Member> members = members(type);
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, Member> member : members.entrySet()) {
            Object value = given.containsKey(member.getKey())
                    ? convert(owner, member.getValue().type(), given.get(member.getKey()))
                    : member.getValue().defaultValue();
            values.put(member.getKey(), value);
        }
        for (String name : given.keySet()) {
            if (!members.containsKey(name)) {
                throw new Unsupported(type.getName() + " has no member " + name);
            }
        }
        return values;
    }

    /**
     * The annotation interface's members, by reflection on its methods: a member's default
     * needs no proxy (only an annotation's own annotations do), and picocli's class files are
     * not found before every jar ahead of picocli's on the class path has been opened.
     */
    private static Map<String, Member> members(Class<? extends Annotation> type) {
        Map<String, Member> members = MEMBERS.get(type);
        if (members == null) {
            members = new HashMap<>();
            for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
                members.put(method.getName(), new Member(method.getReturnType(), method.getDefaultValue()));
            }
            MEMBERS.put(type, members);
        }
        return members;
    }

    /** A raw element value as the member's type: String, boolean, int, char, Class, an enum constant, or an array of one. */
    private static Object convert(Class<?> owner, Class<?> type, Object raw) throws Unsupported {
        if (type.isArray()) {
            List<?> items = (List<?>) raw;
            Object array = java.lang.reflect.Array.newInstance(type.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) {
                java.lang.reflect.Array.set(array, i, convert(owner, type.getComponentType(), items.get(i)));
            }
            return array;
        }
        if (type == String.class && raw instanceof String s) {
            return s;
        }
        if ((type == boolean.class || type == int.class || type == char.class) && raw instanceof Integer i) {
            return type == boolean.class ? (Object) (i != 0) : type == char.class ? (Object) (char) (int) i : i;
        }
        if (type == Class.class && raw instanceof ClassFile.ClassValue c) {
            return type(owner, c.descriptor());
        }
        if (type.isEnum() && raw instanceof ClassFile.EnumValue e && e.type().equals(type.descriptorString())) {
            return enumConstant(type, e.name());
        }
        throw new Unsupported("a value " + raw + " for a member of type " + type.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    /** The class a descriptor names ({@code Lctl/cli/Ctl$Version;}, {@code V}), from the owner's loader. */
    private static Class<?> type(Class<?> owner, String descriptor) throws Unsupported {
        if (descriptor.equals("V")) {
            return void.class;
        }
        if (!descriptor.startsWith("L") || !descriptor.endsWith(";")) {
            throw new Unsupported("a class value " + descriptor);
        }
        try {
            return Class.forName(descriptor.substring(1, descriptor.length() - 1).replace('/', '.'), false,
                    owner.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new Unsupported("class " + descriptor + " not found");
        }
    }

    private static Annotation instance(Class<? extends Annotation> type, Map<String, Object> values) {
        if (type == CommandLine.Command.class) return new CommandValues(values);
        if (type == CommandLine.Option.class) return new OptionValues(values);
        if (type == CommandLine.Parameters.class) return new ParametersValues(values);
        if (type == CommandLine.Mixin.class) return new MixinValues(values);
        if (type == CommandLine.ArgGroup.class) return new ArgGroupValues(values);
        return new SpecValues(values);
    }

    /**
     * The parts of a class file that hold annotations (JVMS §4): the constant pool, and the
     * fields', methods' and class's RuntimeVisibleAnnotations.
     */
    static final class ClassFile {
        record Element(String name, Map<String, Map<String, Object>> annotations) {}

        record EnumValue(String type, String name) {}

        record ClassValue(String descriptor) {}

        final Map<String, Map<String, Object>> annotations;
        final List<Element> fields;
        final List<Element> methods;
        private final Object[] pool;

        private ClassFile(DataInputStream in) throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            pool = new Object[in.readUnsignedShort()];
            for (int i = 1; i < pool.length; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> pool[i] = in.readUTF();
                    case 3 -> pool[i] = in.readInt();
                    case 4 -> pool[i] = in.readFloat();
                    case 5 -> pool[i++] = in.readLong();
                    case 6 -> pool[i++] = in.readDouble();
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
            in.readUnsignedShort(); // access flags
            in.readUnsignedShort(); // this class
            in.readUnsignedShort(); // super class
            in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
            fields = elements(in);
            methods = elements(in);
            annotations = attributes(in);
        }

        static ClassFile read(Class<?> cls) throws Unsupported {
            String entry = cls.getName().replace('.', '/') + ".class";
            try (InputStream in = open(cls, entry)) {
                if (in == null) {
                    throw new Unsupported("no class file for " + cls.getName());
                }
                return new ClassFile(new DataInputStream(new java.io.BufferedInputStream(in)));
            } catch (IOException | RuntimeException e) {
                throw new Unsupported("cannot read the class file of " + cls.getName() + ": " + e);
            }
        }

        /** The jars class files are read from, each opened once. */
        private static final Map<String, JarFile> JARS = new ConcurrentHashMap<>();

        /**
         * The class file, from the jar the class was loaded from: asked of the class loader, the
         * first lookup goes through the JDK's modules and a URL connection first, 20 ms at start.
         */
        private static InputStream open(Class<?> cls, String entry) throws IOException {
            CodeSource source = cls.getProtectionDomain().getCodeSource();
            java.net.URL location = source == null ? null : source.getLocation();
            String jar = location == null || !location.getProtocol().equals("file") ? "" : location.getPath();
            if (!jar.endsWith(".jar")) {
                return cls.getClassLoader() == null ? null : cls.getClassLoader().getResourceAsStream(entry);
            }
            JarFile file = JARS.get(jar);
            if (file == null) {
                try {
                    file = new JarFile(new java.io.File(location.toURI()), false);
                } catch (java.net.URISyntaxException e) {
                    throw new IOException(e);
                }
                JarFile raced = JARS.putIfAbsent(jar, file);
                if (raced != null) {
                    file.close();
                    file = raced;
                }
            }
            ZipEntry found = file.getEntry(entry);
            return found == null ? null : file.getInputStream(found);
        }

        private List<Element> elements(DataInputStream in) throws IOException {
            List<Element> elements = new ArrayList<>();
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                in.readUnsignedShort(); // access flags
                String name = utf(in);
                utf(in); // descriptor
                elements.add(new Element(name, attributes(in)));
            }
            return elements;
        }

        private Map<String, Map<String, Object>> attributes(DataInputStream in) throws IOException {
            Map<String, Map<String, Object>> annotations = new LinkedHashMap<>();
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                String name = utf(in);
                int length = in.readInt();
                if (name.equals("RuntimeVisibleAnnotations")) {
                    for (int a = in.readUnsignedShort(); a > 0; a--) {
                        String type = utf(in);
                        annotations.put(type, annotation(in));
                    }
                } else {
                    in.skipNBytes(length);
                }
            }
            return annotations;
        }

        private Map<String, Object> annotation(DataInputStream in) throws IOException {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                String name = utf(in);
                values.put(name, value(in));
            }
            return values;
        }

        private Object value(DataInputStream in) throws IOException {
            int tag = in.readUnsignedByte();
            return switch (tag) {
                case 'B', 'C', 'I', 'S', 'Z', 'D', 'F', 'J', 's' -> pool[in.readUnsignedShort()];
                case 'e' -> new EnumValue(utf(in), utf(in));
                case 'c' -> new ClassValue(utf(in));
                case '@' -> {
                    utf(in);
                    yield annotation(in); // a nested annotation: read, and refused where it is used
                }
                case '[' -> {
                    List<Object> items = new ArrayList<>();
                    for (int n = in.readUnsignedShort(); n > 0; n--) {
                        items.add(value(in));
                    }
                    yield items;
                }
                default -> throw new IOException("element value tag " + tag);
            };
        }

        private String utf(DataInputStream in) throws IOException {
            return (String) pool[in.readUnsignedShort()];
        }
    }

    /** An annotation's members by name; arrays are copied out, as reflection does. */
    private abstract static class Values implements Annotation {
        private final Class<? extends Annotation> type;
        private final Map<String, Object> values;

        Values(Class<? extends Annotation> type, Map<String, Object> values) {
            this.type = type;
            this.values = values;
        }

        @SuppressWarnings("unchecked")
        final <T> T get(String name) {
            Object value = values.get(name);
            if (value != null && value.getClass().isArray()) {
                int length = java.lang.reflect.Array.getLength(value);
                Object copy = java.lang.reflect.Array.newInstance(value.getClass().getComponentType(), length);
                System.arraycopy(value, 0, copy, 0, length);
                return (T) copy;
            }
            return (T) value;
        }

        @Override
        public final Class<? extends Annotation> annotationType() {
            return type;
        }

        @Override
        public final String toString() {
            return "@" + type.getName() + values;
        }
    }

    private static final class CommandValues extends Values implements CommandLine.Command {
        CommandValues(Map<String, Object> values) {
            super(CommandLine.Command.class, values);
        }

        @Override public String name() { return get("name"); }
        @Override public String[] aliases() { return get("aliases"); }
        @Override public Class<?>[] subcommands() { return get("subcommands"); }
        @Override public boolean subcommandsRepeatable() { return get("subcommandsRepeatable"); }
        @Override public boolean addMethodSubcommands() { return get("addMethodSubcommands"); }
        @Override public String separator() { return get("separator"); }
        @Override public String[] version() { return get("version"); }
        @Override public Class<? extends CommandLine.IVersionProvider> versionProvider() { return get("versionProvider"); }
        @Override public boolean mixinStandardHelpOptions() { return get("mixinStandardHelpOptions"); }
        @Override public boolean helpCommand() { return get("helpCommand"); }
        @Override public String headerHeading() { return get("headerHeading"); }
        @Override public String[] header() { return get("header"); }
        @Override public String synopsisHeading() { return get("synopsisHeading"); }
        @Override public boolean abbreviateSynopsis() { return get("abbreviateSynopsis"); }
        @Override public String[] customSynopsis() { return get("customSynopsis"); }
        @Override public String synopsisSubcommandLabel() { return get("synopsisSubcommandLabel"); }
        @Override public String descriptionHeading() { return get("descriptionHeading"); }
        @Override public String[] description() { return get("description"); }
        @Override public String parameterListHeading() { return get("parameterListHeading"); }
        @Override public String optionListHeading() { return get("optionListHeading"); }
        @Override public boolean sortOptions() { return get("sortOptions"); }
        @Override public boolean sortSynopsis() { return get("sortSynopsis"); }
        @Override public char requiredOptionMarker() { return get("requiredOptionMarker"); }
        @Override public Class<? extends CommandLine.IDefaultValueProvider> defaultValueProvider() { return get("defaultValueProvider"); }
        @Override public boolean showDefaultValues() { return get("showDefaultValues"); }
        @Override public boolean showAtFileInUsageHelp() { return get("showAtFileInUsageHelp"); }
        @Override public boolean showEndOfOptionsDelimiterInUsageHelp() { return get("showEndOfOptionsDelimiterInUsageHelp"); }
        @Override public String commandListHeading() { return get("commandListHeading"); }
        @Override public String footerHeading() { return get("footerHeading"); }
        @Override public String[] footer() { return get("footer"); }
        @Override public boolean hidden() { return get("hidden"); }
        @Override public String resourceBundle() { return get("resourceBundle"); }
        @Override public int usageHelpWidth() { return get("usageHelpWidth"); }
        @Override public boolean usageHelpAutoWidth() { return get("usageHelpAutoWidth"); }
        @Override public int exitCodeOnSuccess() { return get("exitCodeOnSuccess"); }
        @Override public int exitCodeOnUsageHelp() { return get("exitCodeOnUsageHelp"); }
        @Override public int exitCodeOnVersionHelp() { return get("exitCodeOnVersionHelp"); }
        @Override public int exitCodeOnInvalidInput() { return get("exitCodeOnInvalidInput"); }
        @Override public int exitCodeOnExecutionException() { return get("exitCodeOnExecutionException"); }
        @Override public String exitCodeListHeading() { return get("exitCodeListHeading"); }
        @Override public String[] exitCodeList() { return get("exitCodeList"); }
        @Override public CommandLine.ScopeType scope() { return get("scope"); }
        @Override public Class<? extends CommandLine.IModelTransformer> modelTransformer() { return get("modelTransformer"); }
        @Override public Class<? extends CommandLine.IParameterPreprocessor> preprocessor() { return get("preprocessor"); }
    }

    /** The members {@code @Option} and {@code @Parameters} share, declared alike in both. */
    private abstract static class ArgValues extends Values {
        ArgValues(Class<? extends Annotation> type, Map<String, Object> values) {
            super(type, values);
        }

        public String[] description() { return get("description"); }
        public String arity() { return get("arity"); }
        public String paramLabel() { return get("paramLabel"); }
        public boolean hideParamSyntax() { return get("hideParamSyntax"); }
        public Class<?>[] type() { return get("type"); }
        public Class<? extends CommandLine.ITypeConverter<?>>[] converter() { return get("converter"); }
        public String split() { return get("split"); }
        public String splitSynopsisLabel() { return get("splitSynopsisLabel"); }
        public boolean hidden() { return get("hidden"); }
        public String defaultValue() { return get("defaultValue"); }
        public CommandLine.Help.Visibility showDefaultValue() { return get("showDefaultValue"); }
        public Class<? extends Iterable<String>> completionCandidates() { return get("completionCandidates"); }
        public boolean interactive() { return get("interactive"); }
        public boolean echo() { return get("echo"); }
        public String prompt() { return get("prompt"); }
        public String descriptionKey() { return get("descriptionKey"); }
        public CommandLine.ScopeType scope() { return get("scope"); }
        public String mapFallbackValue() { return get("mapFallbackValue"); }
        public Class<? extends CommandLine.IParameterConsumer> parameterConsumer() { return get("parameterConsumer"); }
        public Class<? extends CommandLine.IParameterPreprocessor> preprocessor() { return get("preprocessor"); }
    }

    private static final class OptionValues extends ArgValues implements CommandLine.Option {
        OptionValues(Map<String, Object> values) {
            super(CommandLine.Option.class, values);
        }

        @Override public String[] names() { return get("names"); }
        @Override public boolean required() { return get("required"); }
        @Override public boolean help() { return get("help"); }
        @Override public boolean usageHelp() { return get("usageHelp"); }
        @Override public boolean versionHelp() { return get("versionHelp"); }
        @Override public int order() { return get("order"); }
        @Override public boolean negatable() { return get("negatable"); }
        @Override public String fallbackValue() { return get("fallbackValue"); }
    }

    private static final class ParametersValues extends ArgValues implements CommandLine.Parameters {
        ParametersValues(Map<String, Object> values) {
            super(CommandLine.Parameters.class, values);
        }

        @Override public String index() { return get("index"); }
    }

    private static final class MixinValues extends Values implements CommandLine.Mixin {
        MixinValues(Map<String, Object> values) {
            super(CommandLine.Mixin.class, values);
        }

        @Override public String name() { return get("name"); }
    }

    private static final class ArgGroupValues extends Values implements CommandLine.ArgGroup {
        ArgGroupValues(Map<String, Object> values) {
            super(CommandLine.ArgGroup.class, values);
        }

        @Override public String heading() { return get("heading"); }
        @Override public String headingKey() { return get("headingKey"); }
        @Override public boolean exclusive() { return get("exclusive"); }
        @Override public String multiplicity() { return get("multiplicity"); }
        @Override public boolean validate() { return get("validate"); }
        @Override public int order() { return get("order"); }
    }

    private static final class SpecValues extends Values implements CommandLine.Spec {
        SpecValues(Map<String, Object> values) {
            super(CommandLine.Spec.class, values);
        }

        @Override public CommandLine.Spec.Target value() { return get("value"); }
    }
}
