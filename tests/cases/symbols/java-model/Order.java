package com.example.shop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.util.List;

/** An order: its lines and where it is in its life. */
public record Order(String id, List<Line> lines, Status status) {

    /** Validates the components. */
    public Order {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty order");
        }
    }

    public Order(String id, List<Line> lines) {
        this(id, lines, Status.NEW);
    }

    public BigDecimal total() {
        return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public record Line(String sku, int quantity, BigDecimal price) {
        BigDecimal amount() {
            return price.multiply(BigDecimal.valueOf(quantity));
        }
    }

    /** The states an order goes through. */
    public enum Status {
        NEW("new"),
        PAID("paid") {
            @Override
            boolean canShip() {
                return true;
            }
        },
        SHIPPED("shipped"),
        @Deprecated
        LOST("lost");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        boolean canShip() {
            return false;
        }

        public String label() {
            return label;
        }
    }

    /** Marks methods that must run inside a transaction. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    public @interface Transactional {
        String value() default "";

        int timeoutSeconds() default 30;
    }

    @FunctionalInterface
    interface Pricing {
        BigDecimal TAX = new BigDecimal("0.20");

        BigDecimal price(Line line);

        static Pricing flat() {
            return new Pricing() {
                @Override
                public BigDecimal price(Line line) {
                    return line.amount().multiply(BigDecimal.ONE.add(TAX));
                }
            };
        }
    }
}
