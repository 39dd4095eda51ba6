package io.cablecluster.core.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** Finds the options a config record declares (its public static {@link Option} fields), for docs and tests. */
public final class Options {
  private Options() {
  }

  public static List<Option<?>> declaredIn(Class<?> owner) {
    List<Option<?>> options = new ArrayList<>();
    for (Field field : owner.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Option.class) {
        try {
          options.add((Option<?>) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot read " + owner.getName() + "." + field.getName(), e);
        }
      }
    }
    return options;
  }
}
