namespace Cica.Portal;

/// <summary>The interface strings in the three languages of the portal (en, ru, kk).</summary>
public static class Texts
{
    /// <summary>The interface languages, in order.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ru", "kk"];

    /// <summary>The language if supported, else English.</summary>
    public static string Supported(string? language) => language is not null && Languages.Contains(language) ? language : "en";

    private static readonly Dictionary<string, (string En, string Ru, string Kk)> Strings = new()
    {
        ["portal"] = ("CICA coordinators' portal", "Портал координаторов СВМДА", "АӨСШК үйлестірушілер порталы"),
        ["skip"] = ("Skip to content", "Перейти к содержанию", "Мазмұнға өту"),
        ["signin"] = ("Sign in", "Вход", "Кіру"),
        ["signout"] = ("Sign out", "Выход", "Шығу"),
        ["signedInAs"] = ("Signed in as", "Вы вошли как", "Кірген пайдаланушы"),
        ["country"] = ("Country", "Страна", "Ел"),
        ["secretariat"] = ("CICA Secretariat", "Секретариат СВМДА", "АӨСШК Хатшылығы"),
        ["language"] = ("Interface language", "Язык интерфейса", "Интерфейс тілі"),
        ["timeZone"] = ("Your time zone (IANA, e.g. Europe/Moscow)", "Ваш часовой пояс (IANA, напр. Europe/Moscow)", "Сіздің уақыт белдеуіңіз (IANA, мысалы Europe/Moscow)"),
        ["myAreas"] = ("My areas", "Мои направления", "Менің бағыттарым"),
        ["noAreas"] = ("Your country coordinates no priority area today.", "Сегодня ваша страна не координирует ни одного приоритетного направления.", "Бүгін сіздің еліңіз ешбір басым бағытты үйлестірмейді."),
        ["role"] = ("Role", "Роль", "Рөлі"),
        ["coordinator"] = ("Coordinator", "Координатор", "Үйлестіруші"),
        ["coCoordinator"] = ("Co-coordinator", "Сокоординатор", "Бірлескен үйлестіруші"),
        ["term"] = ("Term", "Срок", "Мерзімі"),
        ["decision"] = ("Deciding decision", "Решение", "Шешім"),
        ["others"] = ("Other coordinators", "Другие координаторы", "Басқа үйлестірушілер"),
        ["none"] = ("none", "нет", "жоқ"),
        ["activities"] = ("Activities", "Мероприятия", "Іс-шаралар"),
        ["report"] = ("Report an activity", "Сообщить о мероприятии", "Іс-шара туралы хабарлау"),
        ["edit"] = ("Update", "Изменить", "Өзгерту"),
        ["area"] = ("Priority area", "Приоритетное направление", "Басым бағыт"),
        ["titleEn"] = ("Title (English)", "Название (на английском)", "Атауы (ағылшынша)"),
        ["titleRu"] = ("Title (Russian)", "Название (на русском)", "Атауы (орысша)"),
        ["kind"] = ("Kind", "Вид", "Түрі"),
        ["date"] = ("Date", "Дата", "Күні"),
        ["status"] = ("Status", "Статус", "Мәртебесі"),
        ["description"] = ("Description", "Описание", "Сипаттамасы"),
        ["outcome"] = ("Outcome", "Итоги", "Нәтижесі"),
        ["documents"] = ("Documents (symbols, one a line)", "Документы (символы, по одному в строке)", "Құжаттар (таңбалар, әр жолға біреуі)"),
        ["submit"] = ("Submit", "Отправить", "Жіберу"),
        ["save"] = ("Save", "Сохранить", "Сақтау"),
        ["reported"] = ("The activity was recorded.", "Мероприятие записано.", "Іс-шара тіркелді."),
        ["updated"] = ("The activity was updated.", "Мероприятие обновлено.", "Іс-шара жаңартылды."),
        ["refused"] = ("Refused", "Отказано", "Бас тартылды"),
        ["denied"] = ("You may not do this:", "У вас нет права на это действие:", "Сізде бұл әрекетке құқық жоқ:"),
        ["fixFields"] = ("Please correct the fields marked below.", "Исправьте отмеченные ниже поля.", "Төменде белгіленген өрістерді түзетіңіз."),
        ["stale"] = ("Someone else changed this activity after you opened it. The form now shows the current values; apply your changes again if they still hold.",
            "Кто-то другой изменил это мероприятие после того, как вы его открыли. В форме теперь текущие значения; внесите изменения снова, если они ещё нужны.",
            "Сіз ашқаннан кейін бұл іс-шараны басқа біреу өзгертті. Пішінде қазір ағымдағы мәндер; қажет болса, өзгерістерді қайта енгізіңіз."),
        ["silence"] = ("Silence procedures", "Процедуры умолчания", "Үнсіздік рәсімдері"),
        ["noSilence"] = ("No silence procedure is open.", "Открытых процедур умолчания нет.", "Ашық үнсіздік рәсімі жоқ."),
        ["deadline"] = ("Deadline", "Срок", "Мерзімі"),
        ["astanaTime"] = ("Astana time", "время Астаны", "Астана уақыты"),
        ["yourTime"] = ("your time", "ваше время", "сіздің уақытыңыз"),
        ["remaining"] = ("Time left", "Осталось", "Қалған уақыт"),
        ["passed"] = ("The deadline has passed.", "Срок истёк.", "Мерзімі өтті."),
        ["breakSilence"] = ("Break silence", "Нарушить молчание", "Үнсіздікті бұзу"),
        ["objection"] = ("Objection", "Возражение", "Қарсылық"),
        ["amendment"] = ("Amendment", "Поправка", "Түзету"),
        ["text"] = ("Text", "Текст", "Мәтін"),
        ["breaks"] = ("Silence broken by", "Молчание нарушили", "Үнсіздікті бұзғандар"),
        ["broken"] = ("Your break of silence was recorded.", "Нарушение молчания записано.", "Үнсіздікті бұзуыңыз тіркелді."),
        ["dossier"] = ("Country dossier", "Досье страны", "Ел досьесі"),
        ["membership"] = ("Membership", "Членство", "Мүшелік"),
        ["currentRoles"] = ("Coordinator roles today", "Роли координатора сегодня", "Бүгінгі үйлестіруші рөлдері"),
        ["otherRoles"] = ("Other coordinator roles", "Другие роли координатора", "Басқа үйлестіруші рөлдері"),
        ["missing"] = ("Not available", "Недоступно", "Қолжетімсіз"),
        ["papers"] = ("Concept papers", "Концепции", "Тұжырымдамалар"),
        ["read"] = ("Read", "Читать", "Оқу"),
        ["inLanguage"] = ("Read in", "Читать на языке", "Оқу тілі"),
        ["revision"] = ("Revision", "Редакция", "Редакция"),
        ["approvedRev"] = ("approved", "утверждена", "бекітілген"),
        ["notApprovedRev"] = ("not approved", "не утверждена", "бекітілмеген"),
        ["unavailable"] = ("The platform did not answer:", "Платформа не ответила:", "Платформа жауап бермеді:"),
        ["notFound"] = ("Not found.", "Не найдено.", "Табылмады."),
        ["noBody"] = ("Only the title is known in this language.", "На этом языке известно только название.", "Бұл тілде тек атауы белгілі."),
        ["show"] = ("Show", "Показать", "Көрсету"),
        ["noneYet"] = ("None yet.", "Пока нет.", "Әзірге жоқ."),
    };

    /// <summary>The string <paramref name="key"/> in <paramref name="language"/>.</summary>
    public static string Get(string key, string language)
    {
        if (!Strings.TryGetValue(key, out var s)) return key;
        return language switch { "ru" => s.Ru, "kk" => s.Kk, _ => s.En };
    }

    /// <summary>The name of a language in itself.</summary>
    public static string LanguageName(string language) => language switch { "ru" => "Русский", "kk" => "Қазақша", _ => "English" };
}
