package ctl.cli;

import ctl.core.Group;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model ctl builds from class files ({@link CommandModel}, {@link ClassAnnotations}) is the
 * model picocli builds by reflection, for every command of the table: the same annotations,
 * member by member, the same options, parameters, groups and mixins, and the same help.
 */
class CommandModelTest {
    /** Every command of the table, the top and a group holder included, by name. */
    static Stream<String> commands() {
        return table().keySet().stream();
    }

    private static Map<String, Supplier<Object>> table() {
        Map<String, Supplier<Object>> table = new LinkedHashMap<>();
        table.put("ctl", Ctl::new);
        table.put("group", Group::new);
        for (Commands.Line line : Commands.TABLE) {
            if (line instanceof Commands.Task task) {
                table.put(task.name(), task.make());
            } else if (line instanceof Commands.Group group) {
                for (Commands.Task task : group.tasks()) {
                    table.put(group.name() + " " + task.name(), task.make());
                }
            }
        }
        return table;
    }

    @ParameterizedTest
    @MethodSource("commands")
    void builds_the_model_that_reflection_builds(String name) {
        CommandSpec built = CommandModel.spec(table().get(name).get(), CommandLine.defaultFactory());
        assertNotNull(built, name + " is modelled from its class files, not left to reflection");
        CommandSpec reflected = CommandSpec.forAnnotatedObject(table().get(name).get(), CommandLine.defaultFactory());
        assertEquals(describe(reflected), describe(built));
        assertEquals(new CommandLine(reflected).getUsageMessage(), new CommandLine(built).getUsageMessage());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void reads_each_annotation_as_reflection_does(String name) throws Exception {
        Set<Class<?>> classes = new LinkedHashSet<>();
        collect(table().get(name).get().getClass(), classes);
        int compared = 0;
        for (Class<?> cls : classes) {
            ClassAnnotations.Annotated read = ClassAnnotations.of(cls);
            compared += same(cls.getName(), cls.getAnnotations(), read.annotations());
            List<String> annotatedFields = new ArrayList<>();
            for (Field field : cls.getDeclaredFields()) {
                if (Arrays.stream(field.getAnnotations()).anyMatch(a -> a.annotationType().getEnclosingClass() == CommandLine.class)) {
                    annotatedFields.add(field.getName());
                }
            }
            assertEquals(annotatedFields, read.fields().stream().map(ClassAnnotations.FieldAnnotations::name).toList(),
                    "the annotated fields of " + cls.getName() + ", in declaration order");
            for (ClassAnnotations.FieldAnnotations field : read.fields()) {
                compared += same(cls.getName() + "." + field.name(),
                        cls.getDeclaredField(field.name()).getAnnotations(), field.annotations());
            }
        }
        assertTrue(compared > 0 || name.equals("group"), "no annotation compared for " + name);
    }

    /** Each picocli annotation reflection finds, every member's value equal to the one read. */
    private static int same(String where, Annotation[] reflected, Map<Class<? extends Annotation>, Annotation> read)
            throws Exception {
        int compared = 0;
        for (Annotation expected : reflected) {
            Class<? extends Annotation> type = expected.annotationType();
            if (type.getEnclosingClass() != CommandLine.class) {
                continue;
            }
            Annotation actual = read.get(type);
            assertNotNull(actual, "@" + type.getSimpleName() + " on " + where);
            for (Method member : type.getDeclaredMethods()) {
                Object want = member.invoke(expected);
                Object got = member.invoke(actual);
                assertTrue(java.util.Objects.deepEquals(want, got), "@" + type.getSimpleName() + "." + member.getName()
                        + " on " + where + ": " + deepToString(want) + " read as " + deepToString(got));
                compared++;
            }
        }
        assertEquals(Arrays.stream(reflected).filter(a -> a.annotationType().getEnclosingClass() == CommandLine.class).count(),
                read.size(), "the picocli annotations on " + where);
        return compared;
    }

    private static String deepToString(Object value) {
        return value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value);
    }

    /** The class, its superclasses, and the classes of its mixins and arg groups. */
    private static void collect(Class<?> cls, Set<Class<?>> classes) {
        for (Class<?> c = cls; c != null && c.getClassLoader() != null; c = c.getSuperclass()) {
            if (classes.add(c)) {
                for (Field field : c.getDeclaredFields()) {
                    if (field.isAnnotationPresent(CommandLine.Mixin.class) || field.isAnnotationPresent(CommandLine.ArgGroup.class)) {
                        collect(field.getType(), classes);
                    }
                }
            }
        }
    }

    /** Everything of a model that parsing and help read, as text. */
    private static String describe(CommandSpec spec) {
        StringBuilder text = new StringBuilder();
        text.append("name=").append(spec.name()).append(" aliases=").append(Arrays.toString(spec.aliases()))
                .append(" version=").append(spec.versionProvider() == null ? null : spec.versionProvider().getClass())
                .append(" description=").append(Arrays.toString(spec.usageMessage().description()))
                .append(" footer=").append(Arrays.toString(spec.usageMessage().footer()))
                .append(" header=").append(Arrays.toString(spec.usageMessage().header()))
                .append(" mixinStandardHelpOptions=").append(spec.mixinStandardHelpOptions())
                .append(" scope=").append(spec.scopeType()).append('\n');
        for (OptionSpec option : spec.options()) {
            text.append("option ").append(Arrays.toString(option.names())).append(describe(option))
                    .append(" negatable=").append(option.negatable()).append(" fallback=").append(option.fallbackValue())
                    .append(" usageHelp=").append(option.usageHelp()).append(" versionHelp=").append(option.versionHelp())
                    .append(" order=").append(option.order()).append('\n');
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            text.append("positional ").append(positional.index()).append(describe(positional)).append('\n');
        }
        for (ArgGroupSpec group : spec.argGroups()) {
            text.append("group exclusive=").append(group.exclusive()).append(" multiplicity=").append(group.multiplicity())
                    .append(" heading=").append(group.heading()).append(" validate=").append(group.validate())
                    .append(" args=").append(group.args().stream().map(ArgSpec::paramLabel).toList()).append('\n');
        }
        spec.mixins().forEach((name, mixin) -> text.append("mixin ").append(name).append(' ').append(mixin)
                .append(" {").append(describe(mixin)).append("}\n"));
        return text.toString();
    }

    private static String describe(ArgSpec arg) {
        return " arity=" + arg.arity() + " label=" + arg.paramLabel() + " type=" + arg.type().getName()
                + " auxiliary=" + Arrays.toString(arg.auxiliaryTypes()) + " generic=" + arg.typeInfo().getActualGenericTypeArguments()
                + " description=" + Arrays.toString(arg.description()) + " required=" + arg.required()
                + " hidden=" + arg.hidden() + " default=" + arg.defaultValue() + " initial=" + arg.initialValue()
                + " hasInitial=" + arg.hasInitialValue() + " split=" + arg.splitRegex() + " interactive=" + arg.interactive()
                + " echo=" + arg.echo() + " scope=" + arg.scopeType() + " inherited=" + arg.inherited()
                + " showDefault=" + arg.showDefaultValue() + " hideParamSyntax=" + arg.hideParamSyntax()
                + " converters=" + Arrays.toString(arg.converters()) + " completion=" + arg.completionCandidates()
                + " setter=" + arg.setter() + " toString=" + arg + " group=" + (arg.group() == null ? null : arg.group().synopsis());
    }
}
