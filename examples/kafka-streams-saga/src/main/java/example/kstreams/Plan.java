package example.kstreams;

import java.util.EnumMap;
import java.util.Map;

/**
 * What each order id is made to do, the same in every run: of every 10 orders (ids 1-10,
 * 11-20, ...), 5 are confirmed, 2 rolled back because payment rejects them, 1 rolled back because
 * stock rejects it, 1 rejected by both, and 1 stuck (its product is not in stock's catalogue, so
 * stock never answers and the join never fires). The orders only carry data: payment and stock
 * decide by their own rules (PaymentService, StockService), and these data make those rules
 * give this mix.
 */
public final class Plan {
  private Plan() {}

  /** An outcome, the step of saga.yaml that records it and how the observer ends the instance. */
  public enum Outcome {
    CONFIRMED("order-confirmed", "COMPLETED"),
    ROLLBACK_PAYMENT("rollback-payment", "COMPENSATED"),
    ROLLBACK_STOCK("rollback-stock", "COMPENSATED"),
    REJECTED("order-rejected", "FAILED"),
    STUCK("stuck", "STUCK");

    public final String step;
    public final String ending;

    Outcome(String step, String ending) {
      this.step = step;
      this.ending = ending;
    }

    /** The outcome an order-service record on the orders topic stands for, or null. */
    public static Outcome of(Order o) {
      if (Order.CONFIRMED.equals(o.status())) return CONFIRMED;
      if (Order.REJECTED.equals(o.status())) return REJECTED;
      if (Order.ROLLBACK.equals(o.status())) {
        if (Order.PAYMENT.equals(o.source())) return ROLLBACK_PAYMENT;
        if (Order.STOCK.equals(o.source())) return ROLLBACK_STOCK;
      }
      return null;
    }
  }

  /** A product id missing from stock's catalogue (StockService.CATALOGUE_SIZE). */
  public static final long UNKNOWN_PRODUCT = 999;

  public static Outcome expected(long id) {
    int slot = (int) ((id - 1) % 10);
    if (slot < 5) return Outcome.CONFIRMED;
    if (slot < 7) return Outcome.ROLLBACK_PAYMENT;
    if (slot == 7) return Outcome.ROLLBACK_STOCK;
    if (slot == 8) return Outcome.REJECTED;
    return Outcome.STUCK;
  }

  /** The NEW order published for this id. */
  public static Order order(long id) {
    long customer = 1 + (id - 1) % 7;
    long product = 1 + (id - 1) % 100;
    return switch (expected(id)) {
      // 100 to 300 in all, 1 to 3 units: both accept.
      case CONFIRMED -> new Order(id, customer, product, 1 + (int) (id % 3), 100, Order.NEW, null);
      // 1,200: over the customer's limit; 2 units: stock accepts, then gives them back.
      case ROLLBACK_PAYMENT -> new Order(id, customer, product, 2, 600, Order.NEW, null);
      // 400: payment accepts, then refunds; 8 units: over stock's per-order limit.
      case ROLLBACK_STOCK -> new Order(id, customer, product, 8, 50, Order.NEW, null);
      // 1,500 and 6 units: both reject, nothing to undo.
      case REJECTED -> new Order(id, customer, product, 6, 250, Order.NEW, null);
      // Payment accepts; stock does not know the product and never answers.
      case STUCK -> new Order(id, customer, UNKNOWN_PRODUCT, 1, 100, Order.NEW, null);
    };
  }

  /** How many of ids 1..count end each way. */
  public static Map<Outcome, Integer> counts(long count) {
    Map<Outcome, Integer> n = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) n.put(o, 0);
    for (long id = 1; id <= count; id++) n.merge(expected(id), 1, Integer::sum);
    return n;
  }
}
