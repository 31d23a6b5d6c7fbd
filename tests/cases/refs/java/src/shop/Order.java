package shop;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An order: lines of items, and their total. */
public class Order implements Comparable<Order> {
    public static final int MAX_LINES = 100;

    private final Customer customer;
    private final List<Line> lines = new ArrayList<>();

    public Order(Customer customer) {
        this.customer = Objects.requireNonNull(customer);
    }

    public Order add(Item item, int quantity) {
        if (lines.size() >= MAX_LINES) {
            throw new IllegalStateException("too many lines");
        }
        lines.add(new Line(item, quantity));
        return this;
    }

    public BigDecimal total() {
        return lines.stream()
                .map(Line::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public Customer getCustomer() {
        return customer;
    }

    @Override
    public int compareTo(Order other) {
        return total().compareTo(other.total());
    }

    /** One line of an order. */
    public record Line(Item item, int quantity) {
        BigDecimal amount() {
            return item.price().multiply(BigDecimal.valueOf(quantity));
        }
    }
}
