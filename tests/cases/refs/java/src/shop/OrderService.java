package shop;

import static java.util.stream.Collectors.toList;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Named;

/** Places and looks up orders. */
public class OrderService {
    private final OrderRepository repository;
    private final Mailer mailer;

    @Inject
    public OrderService(@Named("orders") OrderRepository repository, Mailer mailer) {
        this.repository = repository;
        this.mailer = mailer;
    }

    public Order place(Customer customer, List<Item> items) {
        Order order = new Order(customer);
        items.forEach(item -> order.add(item, 1));
        repository.save(order);
        mailer.send(customer.email(), "order placed: " + order.total());
        return order;
    }

    public Optional<Order> largest(Customer customer) {
        List<Order> orders = repository.findBy(customer).stream()
                .filter(o -> o.total().compareTo(BigDecimal.ONE) > 0)
                .collect(toList());
        return orders.stream().max(Order::compareTo);
    }

    public boolean isLarge(Object value) {
        if (value instanceof Order order) {
            return order.total().compareTo(new BigDecimal(Order.MAX_LINES)) > 0;
        }
        return ((Order) value).getCustomer() == null;
    }
}
