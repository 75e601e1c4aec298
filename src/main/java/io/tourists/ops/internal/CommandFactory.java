package io.tourists.ops.internal;

import io.tourists.ops.internal.CliContext;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Creates commands and mixins, handing the {@link CliContext} to those whose constructor takes one. */
public final class CommandFactory implements IFactory {

    private final CliContext context;
    private final IFactory fallback = CommandLine.defaultFactory();

    public CommandFactory(CliContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> withContext;
        try {
            withContext = type.getDeclaredConstructor(CliContext.class);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
        withContext.setAccessible(true);
        return withContext.newInstance(context);
    }
}
