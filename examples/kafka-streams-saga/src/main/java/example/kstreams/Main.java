package example.kstreams;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * One process, three services: order (a producer and a Kafka Streams join), payment and stock
 * (consumer groups that reply). Publishes `--count` orders, waits for every outcome the plan
 * expects (Plan), prints a JSON summary line and exits.
 */
public final class Main {
  private Main() {}

  static void log(String message) {
    System.err.println("[kafka-streams-saga] " + message);
  }

  static KafkaProducer<Long, Order> producer(Options o, String clientId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.brokers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new LongSerializer(), new Order.JsonSerializer());
  }

  public static void main(String[] args) {
    Options o;
    try {
      o = Options.parse(args, System.getenv("KAFKA_BROKERS"));
    } catch (IllegalArgumentException e) {
      boolean help = e.getMessage().isEmpty();
      if (!help) System.err.println(e.getMessage());
      (help ? System.out : System.err).println(Options.USAGE);
      System.exit(help ? 0 : 2);
      return;
    }
    int code;
    try {
      code = run(o);
    } catch (Exception e) {
      StringBuilder why = new StringBuilder(e.toString());
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) why.append(" <- ").append(c);
      log("failed: " + why);
      code = 1;
    }
    System.exit(code);
  }

  private static volatile boolean interrupted;

  static int run(Options o) throws Exception {
    long started = System.currentTimeMillis();
    Map<Plan.Outcome, Integer> expected = Plan.counts(o.count());
    int outcomes = (int) o.count() - expected.get(Plan.Outcome.STUCK);
    List<String> topics = List.of(o.topic("orders"), o.topic("payment-orders"), o.topic("stock-orders"));

    try (Admin admin = Topics.admin(o)) {
      Topics.ensure(admin, o, topics);
      Duration wait = Topics.untilPreviousRunOutOfWindow(admin, o);
      if (!wait.isZero()) {
        log("waiting " + wait.toMillis() + " ms: replies of an earlier run with the same ids are still within the join window");
        Thread.sleep(wait.toMillis());
      }
    }

    CountDownLatch closed = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      interrupted = true;
      main.interrupt();
      try {
        closed.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        // exiting
      }
    }));

    Watch watch = new Watch(o);
    PaymentService payment = new PaymentService(o);
    StockService stock = new StockService(o);
    OrderService order = new OrderService(o);
    Thread watchThread = new Thread(watch, "watch");
    Thread paymentThread = new Thread(payment, "payment");
    Thread stockThread = new Thread(stock, "stock");
    long deadline = System.currentTimeMillis() + o.timeout().toMillis();
    int published = 0;
    String problem = null;
    try {
      watchThread.start();
      paymentThread.start();
      stockThread.start();
      for (ReplyingService s : List.of(payment, stock)) {
        if (!s.assigned.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("group " + s.groupId() + " got no partition in 60 s");
      }
      order.startStreams(Duration.ofSeconds(60));
      log("publishing " + o.count() + " orders at " + (o.rate() > 0 ? o.rate() + "/s" : "full speed") + " to " + String.join(", ", topics)
          + " (groups " + payment.groupId() + ", " + stock.groupId() + ", application.id " + order.applicationId() + ")");
      published = order.publish(o.count(), o.rate(), () -> interrupted || System.currentTimeMillis() > deadline);
      while (true) {
        boolean done = watch.complete(expected) && payment.outcomesRead.get() >= outcomes && stock.outcomesRead.get() >= outcomes;
        if (done) break;
        if (interrupted) {
          problem = "interrupted";
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          problem = "timed out after " + o.timeout().toMillis() + " ms";
          break;
        }
        if (!order.streamsHealthy() || payment.failure() != null || stock.failure() != null) {
          problem = "a service failed";
          break;
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      problem = "interrupted";
    } finally {
      order.close();
      payment.stop();
      stock.stop();
      paymentThread.join(10_000);
      stockThread.join(10_000);
      watch.stop();
      watchThread.join(5_000);
    }

    Map<String, Integer> expectedBySteps = new LinkedHashMap<>();
    Map<String, Integer> endings = new LinkedHashMap<>();
    for (Plan.Outcome p : Plan.Outcome.values()) {
      expectedBySteps.put(p.step, expected.get(p));
      endings.merge(p.ending, expected.get(p), Integer::sum);
    }
    Map<String, Object> seen = watch.report();
    boolean ok = problem == null && published == o.count() && expectedBySteps.equals(seen.get("produced"))
        && (int) seen.get("mismatched") == 0 && (int) seen.get("duplicates") == 0 && (int) seen.get("outcomeAtOtherTime") == 0;
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("saga", "kafka-streams-orders");
    summary.put("ok", ok);
    if (problem != null) summary.put("problem", problem);
    summary.put("prefix", o.prefix());
    summary.put("orders", o.count());
    summary.put("expected", expectedBySteps);
    summary.put("endings", endings);
    summary.putAll(seen);
    summary.put("compensations", Map.of("payment", payment.compensations.get(), "stock", stock.compensations.get()));
    summary.put("reservedLeft", Map.of("payment", payment.reservedLeft.get(), "stock", stock.reservedLeft.get()));
    summary.put("ms", System.currentTimeMillis() - started);
    System.out.println(new ObjectMapper().writeValueAsString(summary));
    System.out.flush();
    closed.countDown();
    return ok ? 0 : 1;
  }
}
