package example.kstreams;

import java.util.HashMap;
import java.util.Map;

/** Group `payment`: charges the customer, up to a limit per order; refunds on a rollback. */
final class PaymentService extends ReplyingService {
  /** The most a customer may spend on one order. */
  static final int LIMIT_PER_ORDER = 1000;

  PaymentService(Options o) {
    super(Order.PAYMENT, o, "payment", "payment-orders");
  }

  /** What each customer was charged, refunds taken off: this service's own books. */
  private final Map<Long, Long> charged = new HashMap<>();

  @Override
  String decide(Order order) {
    long amount = (long) order.price() * order.productCount();
    if (amount > LIMIT_PER_ORDER) return Order.REJECT;
    charged.merge(order.customerId(), amount, Long::sum);
    return Order.ACCEPT;
  }

  @Override
  void compensate(Order accepted) {
    charged.merge(accepted.customerId(), -(long) accepted.price() * accepted.productCount(), Long::sum);
  }
}
