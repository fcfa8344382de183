package example.kstreams;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one value shape of all three topics. {@code status} is NEW, ACCEPT, REJECT, CONFIRMED,
 * ROLLBACK or REJECTED; {@code source} is who wrote it (PAYMENT, STOCK, or null for the order
 * service), and on a ROLLBACK the side that rejected.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "customerId", "productId", "productCount", "price", "status", "source"})
public record Order(long id, long customerId, long productId, int productCount, int price, String status, String source) {
  public static final String NEW = "NEW";
  public static final String ACCEPT = "ACCEPT";
  public static final String REJECT = "REJECT";
  public static final String CONFIRMED = "CONFIRMED";
  public static final String ROLLBACK = "ROLLBACK";
  public static final String REJECTED = "REJECTED";
  public static final String PAYMENT = "PAYMENT";
  public static final String STOCK = "STOCK";

  /** The same order with another status and source. */
  public Order with(String newStatus, String newSource) {
    return new Order(id, customerId, productId, productCount, price, newStatus, newSource);
  }

  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** JSON values; a value that is not an order reads as null (skipped by every reader). */
  public static final class JsonSerializer implements Serializer<Order> {
    @Override
    public byte[] serialize(String topic, Order order) {
      if (order == null) return null;
      try {
        return JSON.writeValueAsBytes(order);
      } catch (IOException e) {
        throw new SerializationException("cannot write order " + order.id(), e);
      }
    }
  }

  public static final class JsonDeserializer implements Deserializer<Order> {
    @Override
    public Order deserialize(String topic, byte[] bytes) {
      if (bytes == null) return null;
      try {
        return JSON.readValue(bytes, Order.class);
      } catch (IOException e) {
        return null;
      }
    }
  }

  public static Serde<Order> serde() {
    return Serdes.serdeFrom(new JsonSerializer(), new JsonDeserializer());
  }
}
