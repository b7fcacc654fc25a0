package ctl.cli;

import ctl.cli.ClassAnnotations.Annotated;
import ctl.cli.ClassAnnotations.FieldAnnotations;
import ctl.cli.ClassAnnotations.Unsupported;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.Model.IExtensible;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.IScope;
import picocli.CommandLine.Model.IScoped;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.ITypeInfo;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.PicocliException;
import picocli.CommandLine.Range;
import picocli.CommandLine.Spec;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * picocli's model of a command object, built from {@link ClassAnnotations} through picocli's
 * public builders, as picocli 4.7.7's own reflection builds it ({@code CommandReflection}:
 * extractCommandSpec, initFromAnnotatedTypedMembers, buildMixinForMember, extractArgGroupSpec)
 * for what ctl's commands use: {@code @Command}, {@code @Option}, {@code @Parameters},
 * {@code @Mixin}, {@code @ArgGroup} and {@code @Spec} on fields. Anything else (subcommands
 * declared in {@code @Command}, annotated methods, {@code @Unmatched}) is left to picocli's
 * reflection, which gives the same model more slowly. {@code CommandModelTest} compares the two
 * for every command of the table.
 */
final class CommandModel {
    private CommandModel() {}

    /** The command line of this command object: the model built here, else picocli's reflection's. */
    static CommandLine commandLine(Object command, IFactory factory) {
        CommandSpec spec = spec(command, factory);
        return new CommandLine(spec == null ? command : spec, factory);
    }

    /** The model of this command object, or null if it uses what this does not build. */
    static CommandSpec spec(Object command, IFactory factory) {
        try {
            return build(command, factory);
        } catch (Exception e) { // Unsupported, or a failure that picocli's reflection will report as it does
            return null;
        }
    }

    private static CommandSpec build(Object command, IFactory factory) throws Exception {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command, factory);
        Scope scope = new Scope(command);
        boolean standardHelp = false;
        for (Class<?> cls : hierarchy(command.getClass())) {
            Annotated annotated = ClassAnnotations.of(cls);
            CommandLine.Command cmd = annotated.get(CommandLine.Command.class);
            if (cmd != null) {
                if (cmd.subcommands().length > 0) {
                    throw new Unsupported("subcommands in @Command of " + cls.getName());
                }
                spec.updateCommandAttributes(cmd, factory);
                if (spec.versionProvider() != null && specFields(cmd.versionProvider())) {
                    throw new Unsupported("@Spec in the version provider of " + cls.getName());
                }
                standardHelp |= cmd.mixinStandardHelpOptions();
            }
            for (FieldAnnotations field : annotated.fields()) {
                add(spec, null, new Member(field(cls, field.name()), field.annotations(), scope), factory);
            }
        }
        spec.mixinStandardHelpOptions(standardHelp);
        for (OptionSpec option : spec.options()) {
            option.messages(spec.usageMessage().messages());
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            positional.messages(spec.usageMessage().messages());
        }
        for (ArgGroupSpec group : spec.argGroups()) {
            group.messages(spec.usageMessage().messages());
        }
        return spec;
    }

    /** What picocli's initFromAnnotatedTypedMembers does with one annotated field. */
    private static void add(CommandSpec spec, ArgGroupSpec.Builder group, Member member, IFactory factory)
            throws Exception {
        if (member.isMixin()) {
            if (group != null) {
                throw new Unsupported("@Mixin in an @ArgGroup");
            }
            CommandSpec mixin = mixin(member, factory);
            spec.addMixin(member.getMixinName(), mixin, member);
            for (IAnnotatedElement element : mixin.specElements()) {
                if (element.getAnnotation(Spec.class).value() == Spec.Target.MIXEE) {
                    element.setter().set(spec);
                }
            }
        }
        if (member.isArgGroup()) {
            ArgGroupSpec argGroup = argGroup(spec, member, factory);
            if (group != null) {
                group.addSubgroup(argGroup);
            } else {
                spec.addArgGroup(argGroup);
            }
            return;
        }
        if (member.isArgSpec()) {
            Field field = member.field;
            if (Modifier.isFinal(field.getModifiers())
                    && (field.getType().isPrimitive() || String.class.isAssignableFrom(field.getType()))) {
                throw new Unsupported("a final option field " + field);
            }
            ArgSpec arg = member.isOption()
                    ? OptionSpec.builder(member, factory).build()
                    : PositionalParamSpec.builder(member, factory).build();
            if (group != null) {
                group.addArg(arg);
            } else {
                spec.add(arg);
            }
        }
        if (member.isSpec()) {
            if (group != null) {
                group.addSpecElement(member);
            } else {
                spec.addSpecElement(member);
                if (member.getAnnotation(Spec.class).value() == Spec.Target.SELF) {
                    member.setter().set(spec);
                }
            }
        }
    }

    private static CommandSpec mixin(Member member, IFactory factory) throws Exception {
        Object mixin = member.getter().get();
        if (mixin == null) {
            mixin = factory.create(member.getTypeInfo().getType());
            member.setter().set(mixin);
        }
        return build(mixin, factory).withToString(member.getToString());
    }

    private static ArgGroupSpec argGroup(CommandSpec spec, Member member, IFactory factory) throws Exception {
        if (member.isOption() || member.isParameter()) {
            throw new Unsupported("an @ArgGroup that is also an option");
        }
        Object instance = member.getter().get();
        Class<?> cls = instance == null ? member.getTypeInfo().getType() : instance.getClass();
        if (member.isMultiValue()) {
            cls = member.getTypeInfo().getAuxiliaryTypes()[0];
        }
        Scope scope = new Scope(instance);
        ArgGroupSpec.Builder builder = ArgGroupSpec.builder(member);
        builder.updateArgGroupAttributes(member.getAnnotation(ArgGroup.class));
        for (Class<?> c : hierarchy(cls)) {
            Annotated annotated = ClassAnnotations.of(c);
            for (FieldAnnotations field : annotated.fields()) {
                add(spec, builder, new Member(field(c, field.name()), field.annotations(), scope), factory);
            }
        }
        return builder.build();
    }

    /** The class and its superclasses, the topmost first, without the JDK's (which carry no picocli annotation). */
    private static Deque<Class<?>> hierarchy(Class<?> cls) {
        Deque<Class<?>> hierarchy = new ArrayDeque<>();
        for (Class<?> c = cls; c != null && c.getClassLoader() != null; c = c.getSuperclass()) {
            hierarchy.push(c);
        }
        return hierarchy;
    }

    private static boolean specFields(Class<?> cls) throws Unsupported {
        for (Class<?> c : hierarchy(cls)) {
            if (ClassAnnotations.of(c).fields().stream().anyMatch(f -> f.annotations().containsKey(Spec.class))) {
                return true;
            }
        }
        return false;
    }

    private static Field field(Class<?> cls, String name) throws Unsupported {
        try {
            Field field = cls.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw new Unsupported("field " + cls.getName() + "." + name + ": " + e);
        }
    }

    /** An annotated field, as picocli's TypedMember describes one to its builders. */
    private static final class Member implements IAnnotatedElement, IExtensible {
        final Field field;
        private final Map<Class<? extends Annotation>, Annotation> annotations;
        private final Binding binding;
        private final ITypeInfo typeInfo;

        Member(Field field, Map<Class<? extends Annotation>, Annotation> annotations, Scope scope) throws Unsupported {
            this.field = field;
            this.annotations = annotations;
            this.binding = new Binding(scope, field);
            this.typeInfo = typeInfo();
        }

        /** As TypedMember.createTypeInfo: the arity the annotation gives, else 0 for a boolean option and 1 otherwise. */
        private ITypeInfo typeInfo() throws Unsupported {
            Range arity = null;
            Class<?>[] types = new Class<?>[0];
            if (isOption()) {
                arity = Range.valueOf(getAnnotation(Option.class).arity());
                types = getAnnotation(Option.class).type();
            }
            if (isParameter()) {
                arity = Range.valueOf(getAnnotation(Parameters.class).arity());
                types = getAnnotation(Parameters.class).type();
            }
            if (arity == null || arity.isUnspecified()) {
                Class<?> type = field.getType();
                boolean bool = type == boolean.class || type == Boolean.class;
                arity = Range.valueOf(isOption() && bool ? "0" : "1").unspecified(true);
            }
            try {
                return (ITypeInfo) RuntimeTypeInfo.CREATE.invoke(null, field.getType(), types, field.getGenericType(),
                        arity, isOption() ? boolean.class : String.class, isInteractive());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new Unsupported("the type of " + field + ": " + e);
            }
        }

        @Override public Object userObject() { return field; }
        @Override public boolean isAnnotationPresent(Class<? extends Annotation> type) { return annotations.containsKey(type); }
        @Override public <T extends Annotation> T getAnnotation(Class<T> type) { return type.cast(annotations.get(type)); }
        @Override public String getName() { return field.getName(); }
        @Override public boolean isArgSpec() { return isOption() || isParameter(); }
        @Override public boolean isOption() { return isAnnotationPresent(Option.class); }
        @Override public boolean isParameter() { return isAnnotationPresent(Parameters.class); }
        @Override public boolean isArgGroup() { return isAnnotationPresent(ArgGroup.class); }
        @Override public boolean isMixin() { return isAnnotationPresent(CommandLine.Mixin.class); }
        @Override public boolean isUnmatched() { return false; }
        @Override public boolean isSpec() { return isAnnotationPresent(Spec.class); }
        @Override public boolean isParentCommand() { return false; }
        @Override public boolean hasInitialValue() { return true; }
        @Override public boolean isMethodParameter() { return false; }
        @Override public int getMethodParamPosition() { return -1; }
        @Override public IScope scope() { return binding.scope; }
        @Override public IGetter getter() { return binding; }
        @Override public ISetter setter() { return binding; }
        @Override public ITypeInfo getTypeInfo() { return typeInfo; }
        @Override public String toString() { return field.toString(); }

        @Override
        public boolean isMultiValue() {
            Class<?> type = field.getType();
            return (type.isArray() && type != char[].class) || Collection.class.isAssignableFrom(type)
                    || Map.class.isAssignableFrom(type);
        }

        @Override
        public boolean isInteractive() {
            return (isOption() && getAnnotation(Option.class).interactive())
                    || (isParameter() && getAnnotation(Parameters.class).interactive());
        }

        @Override
        public String getMixinName() {
            String name = getAnnotation(CommandLine.Mixin.class).name();
            return name.isEmpty() ? getName() : name;
        }

        @Override
        public String getToString() {
            String text = field.toGenericString().replace("private ", "").replace("protected ", "")
                    .replace("public ", "").replace("java.lang.", "");
            return isMixin() ? "mixin from member " + text : "field " + text;
        }

        /** A field's initial value is read when first asked for, as for picocli's own members (POSTPONED). */
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <T> T getExtension(Class<T> cls) {
            return cls.isEnum() && cls.getName().equals("picocli.CommandLine$Model$InitialValueState")
                    ? cls.cast(Enum.valueOf((Class) cls, "POSTPONED"))
                    : null;
        }
    }

    /** picocli's type descriptions, made by its own (package-private) factory. */
    private static final class RuntimeTypeInfo {
        static final Method CREATE = create();

        private static Method create() {
            try {
                Method create = Class.forName("picocli.CommandLine$Model$RuntimeTypeInfo").getDeclaredMethod("create",
                        Class.class, Class[].class, Type.class, Range.class, Class.class, boolean.class);
                create.setAccessible(true);
                return create;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // invoke then fails, and the command is modelled by reflection
            }
        }
    }

    /** The object whose fields a command's options set: the command, a mixin, or an arg group's instance. */
    private static final class Scope implements IScope {
        private Object value;

        Scope(Object value) {
            this.value = value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T value) {
            T old = (T) this.value;
            this.value = value;
            return old;
        }

        @Override
        public String toString() {
            return String.format("Scope(value=%s)", value);
        }
    }

    /** A field of the object in scope, read and written as picocli's FieldBinding does. */
    private static final class Binding implements IGetter, ISetter, IScoped {
        private final Scope scope;
        private final Field field;

        Binding(Scope scope, Field field) {
            this.scope = scope;
            this.field = field;
        }

        @Override
        public IScope getScope() {
            return scope;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            try {
                return (T) field.get(scope.get());
            } catch (Exception e) {
                throw new PicocliException("Could not get value for field " + field, e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T value) {
            try {
                Object target = scope.get();
                T old = (T) field.get(target);
                field.set(target, value);
                return old;
            } catch (Exception e) {
                throw new PicocliException("Could not set value for field " + field + " to " + value, e);
            }
        }

        @Override
        public String toString() {
            return String.format("FieldBinding(%s %s.%s)", field.getType().getName(),
                    field.getDeclaringClass().getName(), field.getName());
        }
    }
}
