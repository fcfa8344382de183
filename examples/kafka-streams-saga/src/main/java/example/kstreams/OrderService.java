package example.kstreams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;

/**
 * The order service: publishes NEW orders, and a Kafka Streams application (application.id
 * `orders-streams`) that joins each order's payment and stock replies by key within a window
 * and publishes the outcome to the orders topic. The outcome is stamped with the timestamp Kafka
 * Streams gives a join result (the later of the two replies': the one that triggered it).
 */
final class OrderService {
  private final Options options;
  private final KafkaProducer<Long, Order> producer;
  private final Path stateDir;
  private KafkaStreams streams;

  OrderService(Options o) throws IOException {
    this.options = o;
    this.producer = Main.producer(o, o.prefix() + "order-service");
    this.stateDir = Files.createTempDirectory("kafka-streams-saga-");
  }

  String applicationId() {
    return options.prefix() + "orders-streams";
  }

  /** Both ACCEPT: CONFIRMED; both REJECT: REJECTED; one REJECT: ROLLBACK by the side that rejected. */
  static Order outcome(Order payment, Order stock) {
    boolean paid = Order.ACCEPT.equals(payment.status());
    boolean inStock = Order.ACCEPT.equals(stock.status());
    if (paid && inStock) return payment.with(Order.CONFIRMED, null);
    if (!paid && !inStock) return payment.with(Order.REJECTED, null);
    return payment.with(Order.ROLLBACK, paid ? Order.STOCK : Order.PAYMENT);
  }

  static boolean isReply(Order o) {
    return o != null && (Order.ACCEPT.equals(o.status()) || Order.REJECT.equals(o.status()));
  }

  static Topology topology(String paymentTopic, String stockTopic, String ordersTopic, Duration window) {
    Serde<Order> json = Order.serde();
    StreamsBuilder builder = new StreamsBuilder();
    KStream<Long, Order> payments = builder
        .stream(paymentTopic, Consumed.with(Serdes.Long(), json).withName("payment-replies"))
        .filter((id, o) -> isReply(o), Named.as("payment-answers"));
    KStream<Long, Order> stock = builder
        .stream(stockTopic, Consumed.with(Serdes.Long(), json).withName("stock-replies"))
        .filter((id, o) -> isReply(o), Named.as("stock-answers"));
    payments
        .join(stock, OrderService::outcome, JoinWindows.ofTimeDifferenceWithNoGrace(window),
            StreamJoined.with(Serdes.Long(), json, json).withName("payment-stock").withStoreName("payment-stock"))
        .to(ordersTopic, Produced.with(Serdes.Long(), json).withName("outcomes"));
    return builder.build();
  }

  /** Starts the Streams application and waits until it runs. */
  void startStreams(Duration timeout) throws InterruptedException {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, options.brokers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // The join's window stores in memory, rebuilt from their changelog topics after a restart.
    p.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A static member: close() below removes it from the group, and a run after a crash takes
    // its place at once. (Kafka Streams 4.1 does not leave the group on close otherwise, and the
    // next run would wait out the old member's 45 s session.)
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, applicationId() + "-1");
    Topology topology = topology(options.topic("payment-orders"), options.topic("stock-orders"), options.topic("orders"), options.joinWindow());
    streams = new KafkaStreams(topology, p);
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) running.countDown();
      if (now == KafkaStreams.State.ERROR) Main.log("streams: " + before + " -> ERROR");
    });
    streams.setUncaughtExceptionHandler(e -> {
      Main.log("streams failed: " + e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.start();
    if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("Kafka Streams not running after " + timeout.toMillis() + " ms (state " + streams.state() + ")");
  }

  boolean streamsHealthy() {
    return streams != null && streams.state().isRunningOrRebalancing();
  }

  /** Publishes NEW orders 1..count, `rate` a second (0: as fast as the broker takes them). */
  int publish(long count, double rate, BooleanSupplier stopped) throws InterruptedException {
    long started = System.nanoTime();
    int sent = 0;
    for (long id = 1; id <= count && !stopped.getAsBoolean(); id++) {
      if (rate > 0) {
        long dueNanos = started + (long) ((id - 1) / rate * 1e9);
        long waitMs = (dueNanos - System.nanoTime()) / 1_000_000;
        if (waitMs > 0) Thread.sleep(waitMs);
      }
      producer.send(new ProducerRecord<>(options.topic("orders"), id, Plan.order(id)));
      sent++;
    }
    producer.flush();
    return sent;
  }

  void close() {
    producer.close(Duration.ofSeconds(5));
    if (streams != null) {
      // Leave the group now (a static member: removed through the admin client).
      streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(15)));
    }
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder
    }
  }
}
