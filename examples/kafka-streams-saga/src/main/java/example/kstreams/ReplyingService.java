package example.kstreams;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.LongDeserializer;

/**
 * A service that answers NEW orders on its own topic (ACCEPT or REJECT, or not at all) and reads
 * the order service's outcomes: on CONFIRMED it keeps what it reserved, on ROLLBACK caused by
 * the other side it gives back what it had accepted (its compensation, done in its own state:
 * it publishes nothing), on REJECTED it had nothing to keep.
 */
abstract class ReplyingService implements Runnable {
  final String source;
  private final String groupId;
  private final String ordersTopic;
  private final String replyTopic;
  private final KafkaConsumer<Long, Order> consumer;
  private final KafkaProducer<Long, Order> producer;
  /** Accepted orders not confirmed or rolled back yet: what a compensation gives back. */
  private final Map<Long, Order> reserved = new HashMap<>();
  final CountDownLatch assigned = new CountDownLatch(1);
  final AtomicInteger replies = new AtomicInteger();
  final AtomicInteger outcomesRead = new AtomicInteger();
  final AtomicInteger compensations = new AtomicInteger();
  final AtomicInteger reservedLeft = new AtomicInteger();
  private volatile Throwable failure;

  ReplyingService(String source, Options o, String group, String replyTopic) {
    this.source = source;
    this.groupId = o.prefix() + group;
    this.ordersTopic = o.topic("orders");
    this.replyTopic = o.topic(replyTopic);
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.brokers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
    // A new group reads the orders already there: no NEW order is left unanswered.
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(c, new LongDeserializer(), new Order.JsonDeserializer());
    producer = Main.producer(o, groupId);
  }

  /** ACCEPT, REJECT, or null: this service does not answer. */
  abstract String decide(Order order);

  /** Undoes what this service did for an accepted order (a refund, stock put back). */
  abstract void compensate(Order accepted);

  String groupId() {
    return groupId;
  }

  Throwable failure() {
    return failure;
  }

  void stop() {
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(ordersTopic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          for (TopicPartition tp : partitions) consumer.position(tp);
          if (!partitions.isEmpty()) assigned.countDown();
        }
      });
      while (true) {
        ConsumerRecords<Long, Order> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) continue;
        for (ConsumerRecord<Long, Order> r : records) handle(r.value());
        // At least once: the replies are written before the offsets move past their orders.
        producer.flush();
        consumer.commitSync();
      }
    } catch (WakeupException stopping) {
      // stop()
    } catch (Throwable t) {
      failure = t;
      Main.log(source.toLowerCase() + " failed: " + t);
    } finally {
      reservedLeft.set(reserved.size());
      producer.close(Duration.ofSeconds(5));
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void handle(Order order) {
    if (order == null) return;
    switch (order.status()) {
      case Order.NEW -> {
        String answer = decide(order);
        if (answer == null) return;
        if (Order.ACCEPT.equals(answer)) reserved.put(order.id(), order);
        producer.send(new ProducerRecord<>(replyTopic, order.id(), order.with(answer, source)));
        replies.incrementAndGet();
      }
      case Order.CONFIRMED, Order.REJECTED -> {
        reserved.remove(order.id());
        outcomesRead.incrementAndGet();
      }
      case Order.ROLLBACK -> {
        Order accepted = reserved.remove(order.id());
        if (accepted != null && !source.equals(order.source())) {
          compensate(accepted);
          compensations.incrementAndGet();
        }
        outcomesRead.incrementAndGet();
      }
      default -> {}
    }
  }
}
