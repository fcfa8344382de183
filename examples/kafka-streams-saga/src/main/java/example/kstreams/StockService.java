package example.kstreams;

import java.util.HashMap;
import java.util.Map;

/**
 * Group `stock`: reserves the units of products it knows, up to a limit per order; puts them
 * back on a rollback. A product it does not know gets no answer at all (the order stays stuck).
 */
final class StockService extends ReplyingService {
  /** Products 1 to this are in the catalogue. */
  static final long CATALOGUE_SIZE = 100;
  /** The most units of one product a single order may take. */
  static final int UNITS_PER_ORDER = 5;

  StockService(Options o) {
    super(Order.STOCK, o, "stock", "stock-orders");
  }

  /** Units taken per product, those put back taken off: this service's own stock. */
  private final Map<Long, Integer> taken = new HashMap<>();

  @Override
  String decide(Order order) {
    if (order.productId() < 1 || order.productId() > CATALOGUE_SIZE) return null;
    if (order.productCount() > UNITS_PER_ORDER) return Order.REJECT;
    taken.merge(order.productId(), order.productCount(), Integer::sum);
    return Order.ACCEPT;
  }

  @Override
  void compensate(Order accepted) {
    taken.merge(accepted.productId(), -accepted.productCount(), Integer::sum);
  }
}
